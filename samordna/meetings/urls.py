from django.urls import path

from . import public, views

app_name = "meetings"

urlpatterns = [
    path("f/<slug:forbund_slug>/sammantraden/", views.meeting_list, name="list"),
    path("f/<slug:forbund_slug>/sammantraden/<int:meeting_id>/", views.meeting_detail, name="detail"),
    path(
        "f/<slug:forbund_slug>/sammantraden/<int:meeting_id>/atgard/<slug:action>/",
        views.meeting_action,
        name="action",
    ),
    path(
        "f/<slug:forbund_slug>/sammantraden/<int:meeting_id>/arenden/<int:agenda_item_id>/",
        views.edit_item,
        name="edit_item",
    ),
    path(
        "f/<slug:forbund_slug>/sammantraden/<int:meeting_id>/arenden/<int:agenda_item_id>/bilagor/",
        views.attach_to_item,
        name="attach_to_item",
    ),
    path(
        "f/<slug:forbund_slug>/sammantraden/<int:meeting_id>/arenden/<int:agenda_item_id>/bilagor/"
        "<int:item_attachment_id>/",
        views.item_attachment,
        name="item_attachment",
    ),
    path(
        "f/<slug:forbund_slug>/sammantraden/<int:meeting_id>/narvaro/<int:attendance_id>/",
        views.edit_attendance,
        name="edit_attendance",
    ),
    path(
        "f/<slug:forbund_slug>/sammantraden/<int:meeting_id>/arenden/<int:agenda_item_id>/ordna/<slug:change>/",
        views.arrange_item,
        name="arrange_item",
    ),
    path("f/<slug:forbund_slug>/staende-punkter/", views.agenda_template, name="template"),
    path(
        "f/<slug:forbund_slug>/staende-punkter/<int:template_item_id>/ordna/<slug:change>/",
        views.arrange_template_item,
        name="arrange_template_item",
    ),
    path("f/<slug:forbund_slug>/sammantraden/<int:meeting_id>/narvaro/", views.attendance, name="attendance"),
    path("f/<slug:forbund_slug>/uppdrag/", views.assignment_list, name="assignments"),
    path("f/<slug:forbund_slug>/uppdrag/<int:board_assignment_id>/", views.assignment_edit, name="assignment"),
    path("f/<slug:forbund_slug>/paragrafer/<int:paragraph_id>/andra/", views.edit_paragraph, name="edit_paragraph"),
    path("f/<slug:forbund_slug>/sammantraden/<int:meeting_id>/justera/", views.sign_page, name="sign_page"),
    path(
        "f/<slug:forbund_slug>/sammantraden/<int:meeting_id>/justera/<int:signer_id>/",
        views.sign,
        name="sign",
    ),
    path("f/<slug:forbund_slug>/sammantraden/<int:meeting_id>/kallelse.pdf", views.notice_pdf, name="notice_pdf"),
    path("f/<slug:forbund_slug>/sammantraden/<int:meeting_id>/protokoll.pdf", views.minutes_pdf, name="minutes_pdf"),
    path("f/<slug:forbund_slug>/paragrafer/<int:paragraph_id>/utdrag.pdf", views.extract_pdf, name="extract_pdf"),
    # The notice board is public: no login, and nothing on it but what the law has the förbund announce.
    path("anslagstavla/<slug:board_slug>/", public.notice_board, name="notice_board"),
    path(
        "anslagstavla/<slug:board_slug>/<int:notice_id>/protokoll.pdf",
        public.notice_minutes_pdf,
        name="public_minutes_pdf",
    ),
]
