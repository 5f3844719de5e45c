"""Which language a page speaks (profile, cookie, Accept-Language), the switcher, and the scripts'
catalogue carried by the page (spinewise/web/language.py)."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from spinewise.accounts.services import profile_for
from spinewise.web.language import js_catalogue, supported

pytestmark = pytest.mark.django_db


def html_lang(response: Any) -> str:
    match = re.search(r'<html lang="([^"]+)"', response.content.decode())
    assert match, "the page has no <html lang>"
    return match.group(1)


def test_languages_follow_the_content_declaration() -> None:
    assert dict(settings.LANGUAGES) == {"en": "English", "es": "Español"}


@pytest.mark.parametrize(
    ("given", "expected"),
    [("es", "es"), ("es-MX", "es"), ("ES", "es"), ("es_AR", "es"), ("fr", ""), ("", ""), (None, "")],
)
def test_supported_codes(given: str | None, expected: str) -> None:
    assert supported(given) == expected


def test_a_visitor_gets_the_browser_language(client: Client) -> None:
    response = client.get("/about/safety/", HTTP_ACCEPT_LANGUAGE="es-ES,es;q=0.9,en;q=0.5")
    assert html_lang(response) == "es"
    assert response["Content-Language"] == "es"
    assert "Accept-Language" in response["Vary"]
    assert "Saltar al contenido" in response.content.decode()


def test_an_unoffered_browser_language_falls_back_to_english(client: Client) -> None:
    response = client.get("/about/safety/", HTTP_ACCEPT_LANGUAGE="fr-FR,fr;q=0.9")
    assert html_lang(response) == "en"
    assert "Skip to content" in response.content.decode()


def test_the_switcher_sets_a_cookie_for_a_visitor_and_goes_back(client: Client) -> None:
    response = client.post("/language/", {"language": "es", "back": "/glossary/"})
    assert response.status_code == 302 and response["Location"] == "/glossary/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "es"
    # The cookie beats the browser's own language.
    page = client.get("/about/safety/", HTTP_ACCEPT_LANGUAGE="en")
    assert html_lang(page) == "es"


def test_the_switcher_refuses_another_site_as_next(client: Client) -> None:
    response = client.post("/language/", {"language": "es", "back": "https://evil.example/"})
    assert response["Location"] == "/"


@pytest.mark.parametrize("asked", ["fr", "", "x" * 500, "es\x00", "../es"])
def test_the_switcher_refuses_an_unoffered_language_with_a_message(client: Client, asked: str) -> None:
    response = client.post("/language/", {"language": asked, "back": "/about/safety/"}, follow=True)
    assert response.status_code == 200
    assert (
        settings.LANGUAGE_COOKIE_NAME not in response.cookies
        or not response.cookies[settings.LANGUAGE_COOKIE_NAME].value
    )
    assert "That language is not offered" in response.content.decode()


def test_the_switcher_only_answers_post(client: Client) -> None:
    assert client.get("/language/").status_code == 405


def test_a_signed_in_person_keeps_the_language_in_their_profile(trainee: Any) -> None:
    profile_for(trainee)
    browser = Client()
    browser.force_login(trainee)
    browser.post("/language/", {"language": "es", "back": "/about/safety/"})
    trainee.profile.refresh_from_db()
    assert trainee.profile.language == "es"
    # Another device, with an English browser and no cookie: the profile wins.
    other = Client()
    other.force_login(trainee)
    assert html_lang(other.get("/about/safety/", HTTP_ACCEPT_LANGUAGE="en")) == "es"


def test_the_profile_language_costs_no_query(trainee: Any, django_assert_max_num_queries: Any) -> None:
    profile = profile_for(trainee)
    profile.language = "es"
    profile.save()
    browser = Client()
    browser.force_login(trainee)
    browser.get("/about/safety/")
    # The session and the user with their profile: the language adds nothing to those two.
    with django_assert_max_num_queries(2):
        response = browser.get("/about/safety/")
    assert html_lang(response) == "es"


def test_every_page_carries_the_switcher(client: Client) -> None:
    body = client.get("/about/safety/").content.decode()
    assert 'data-testid="language-switch"' in body
    assert 'value="es" lang="es"' in body
    assert 'value="en"' not in body  # the page's own language is not offered


def test_the_page_carries_the_scripts_catalogue_of_its_language(client: Client) -> None:
    body = client.get("/about/safety/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    match = re.search(r'<script type="application/json" id="sw-i18n">(.*?)</script>', body, re.S)
    assert match
    data = json.loads(match.group(1))
    assert data["lang"] == "es" and data["plural"] == "one-other"
    assert isinstance(data["catalog"], dict)


def test_the_scripts_catalogue_holds_only_our_words() -> None:
    data = json.loads(js_catalogue("es"))
    # Not the admin's script words (Django ships a Spanish catalogue for them).
    assert "Show all" not in data["catalog"] and "Choose all" not in data["catalog"]


def test_a_message_holding_markup_cannot_end_the_catalogues_script_element(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The catalogue is JSON inside a <script> element: a translation holding "</script>" or "<!--"
    is escaped, so it ends nothing, and the script still reads the message as it was written."""
    from django.template import engines
    from django.utils import translation

    from spinewise.web import language

    message = 'Tap </script><script>alert("hi")</script> <!-- again'
    catalogue = json.dumps({"lang": "es", "plural": "n != 1", "catalog": {"Tap": message}})
    # The tag reads the catalogue through js_catalogue, which keeps each language's once made.
    monkeypatch.setitem(language._catalogues, "es", catalogue)
    with translation.override("es"):
        html = engines["django"].from_string("{% load i18n_tags %}{% js_catalog %}").render({})
    assert html.startswith('<script type="application/json" id="sw-i18n">')
    assert html.count("</script") == 1 and html.endswith("</script>"), html
    assert "<!--" not in html and "<script>" not in html
    inner = html.removeprefix('<script type="application/json" id="sw-i18n">').removesuffix("</script>")
    assert json.loads(inner)["catalog"]["Tap"] == message


def test_dates_follow_the_language() -> None:
    import datetime

    from django.utils import formats, translation

    day = datetime.date(2026, 11, 30)
    with translation.override("en"):
        assert formats.date_format(day) == "30 November 2026"
        assert formats.date_format(day, "SHORT_DATE_FORMAT") == "30 Nov 2026"
    with translation.override("es"):
        assert formats.date_format(day) == "30 de noviembre de 2026"
        assert formats.number_format(1.5, 1) == "1,5"


def test_the_switch_needs_no_csrf_token_and_leaves_pages_the_same() -> None:
    browser = Client(enforce_csrf_checks=True)
    first = browser.get("/exercises/")
    assert "csrftoken" not in first.cookies  # the switch sets no cookie on a first visit
    assert first.content == browser.get("/exercises/").content
    response = browser.post("/language/", {"language": "es", "back": "/exercises/"})
    assert response.status_code == 302 and response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "es"


def test_date_and_time_fields_keep_the_browsers_format_in_every_language() -> None:
    import datetime

    from django.utils import translation

    from spinewise.programs.forms import EnrolForm
    from spinewise.safety.forms import ClearanceForm

    with translation.override("es"):
        enrol = EnrolForm(initial={"start": datetime.date(2026, 11, 30)}, per_week=3)
        assert 'value="2026-11-30"' in str(enrol["start"])
        clearance = ClearanceForm(initial={"visit_date": datetime.date(2026, 11, 30)})
        assert 'value="2026-11-30"' in str(clearance["visit_date"])


def test_the_switch_names_each_language_in_itself(client: Client) -> None:
    spanish_page = client.get("/about/safety/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert (
        '<button type="submit" name="language" value="en" lang="en" class="link" data-testid="language-en">English</button>'
        in spanish_page
    )
    english_page = client.get("/about/safety/").content.decode()
    assert 'data-testid="language-es">Español</button>' in english_page
