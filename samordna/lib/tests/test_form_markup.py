"""The shared form templates: help texts and errors carry the ids Django's widgets refer to; groups are fieldsets."""

from django import forms
from django.template.loader import render_to_string

from samordna.lib.markup import id_problems


class _Form(forms.Form):
    name = forms.CharField(label="Namn", help_text="Som i folkbokföringen.")
    parties = forms.MultipleChoiceField(
        label="Parter",
        choices=[("fk", "Försäkringskassan"), ("af", "Arbetsförmedlingen")],
        widget=forms.CheckboxSelectMultiple,
        help_text="Välj alla som deltar.",
    )
    outcome = forms.ChoiceField(label="Utfall", choices=[("a", "Arbete"), ("s", "Studier")], widget=forms.RadioSelect)


def _render(form) -> str:
    return render_to_string("form_fields.html", {"form": form})


def test_help_texts_have_the_ids_the_widgets_describe_themselves_by():
    html = _render(_Form())

    assert 'aria-describedby="id_name_helptext"' in html
    assert 'id="id_name_helptext"' in html
    assert id_problems(html) == []


def test_errors_have_the_ids_the_widgets_refer_to():
    html = _render(_Form(data={"name": "", "parties": ["xx"], "outcome": ""}))

    assert 'id="id_name_error"' in html
    assert 'id="id_outcome_error"' in html
    assert id_problems(html) == []


def test_checkbox_and_radio_groups_are_fieldsets_with_a_legend_not_an_empty_label():
    html = _render(_Form())

    assert 'for=""' not in html
    assert html.count("<fieldset") == 2
    assert "<legend>Parter</legend>" in html
    assert "<legend>Utfall</legend>" in html
    assert 'aria-describedby="id_parties_helptext"' in html


def test_id_problems_finds_duplicates_and_dangling_references():
    html = '<input id="a"><input id="a"><label for="">x</label><input aria-describedby="a b">'

    assert id_problems(html) == [
        "id 'a' occurs 2 times",
        '<label for=""> points at no element',
        '<input aria-describedby="b"> points at no element',
    ]
