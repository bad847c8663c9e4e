"""Swedish unless the user has chosen otherwise: the browser's Accept-Language is not consulted."""

from django.conf import settings
from django.utils import translation


class ChosenLanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        request.LANGUAGE_CODE = language
        # override() restores the previous language afterwards, so no request leaks its choice to the next.
        with translation.override(language):
            response = self.get_response(request)
            # Templates render lazily; make sure they do so in the chosen language.
            if hasattr(response, "render") and callable(response.render) and not response.is_rendered:
                response.render()
        response.headers.setdefault("Content-Language", language)
        return response
