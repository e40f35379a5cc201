"""The dashboard in a real browser: Playwright driving Debian's Chromium, against a live server on 127.0.0.1.

Chromium comes from ``scripts/install-system-deps.sh`` (never from
``playwright install``). Without it these tests are skipped, unless ``$CI``
is set: there a missing browser is a failure.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from typing import Any

import pytest

CI = os.environ.get("CI", "").strip().lower() not in {"", "0", "false", "no"}
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
TIMEOUT_MS = 15_000

if CHROMIUM is None and not CI:
    pytest.skip("no chromium on PATH: run scripts/install-system-deps.sh", allow_module_level=True)

pytestmark = pytest.mark.timeout(120)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    assert CHROMIUM is not None, "chromium is missing: run scripts/install-system-deps.sh"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Any, live_server: str) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 1000}, base_url=live_server)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.dialogs = dialogs
    page.errors = errors
    yield page
    context.close()


def _open(page: Any, hash_: str) -> None:
    page.goto(f"/{hash_}")
    page.wait_for_selector("body[data-ready=true]")


def test_loads_with_timeline_map_deadlines_and_events(page: Any) -> None:
    _open(page, "#/?today=2025-06-10")
    assert page.locator("#events tr.event-row").count() == 25
    assert page.locator("#timeline rect.bar").count() > 5
    assert page.locator("#map path").count() > 150
    assert page.locator("#map circle.event-dot").count() > 5
    deadline = page.locator("#deadlines li.deadline")
    assert deadline.count() == 1
    assert "7 days left" in deadline.inner_text()
    assert page.locator("#deadlines .countdown").inner_text().startswith("7d ")
    assert page.errors == []


def test_filter_by_type_and_text(page: Any) -> None:
    _open(page, "#/")
    page.fill("#filters input[name=type]", "SANCTION")
    page.click("#filters button[type=submit]")
    page.wait_for_selector("body[data-ready=true]")
    types = page.locator("#events tr.event-row td.type").all_inner_texts()
    assert types and all(t.startswith("SANCTION") for t in types)
    assert "type=SANCTION" in page.url

    page.fill("#filters input[name=type]", "")
    page.fill("#filters input[name=q]", "nothing-says-this")
    page.click("#filters button[type=submit]")
    page.wait_for_selector("#no-events")


def test_open_an_event_and_see_the_highlights(page: Any) -> None:
    _open(page, "#/?type=THREATEN&q=junta")
    page.locator("#events tr.event-row").first.click()
    page.wait_for_selector("#event .mention")
    marks = page.locator("#event .article-text mark")
    kinds = {cls for cls in marks.evaluate_all("nodes => nodes.map(n => n.className)")}
    assert {"hl-trigger", "hl-actor", "hl-place", "hl-deadline"} <= kinds
    assert page.locator("#event .article-text mark.hl-trigger").first.inner_text() == "threatened"
    assert page.locator("#event .article-text mark.hl-deadline").first.inner_text() == "within seven days"


def test_article_markup_is_shown_as_text_and_never_runs(page: Any) -> None:
    _open(page, "#/?type=THREATEN&q=junta")
    page.locator("#events tr.event-row").first.click()
    page.wait_for_selector("#event .mention")
    text = page.locator("#event .article-text").inner_text()
    assert '<script>alert("xss")</script>' in text
    assert "<img src=x onerror=\"alert('img')\">" in text
    assert '<script>alert("title")</script>' in page.locator("#event .mention h2").inner_text()
    # Nothing the article holds became an element or ran.
    assert page.locator("#main script, #main img, #main b, #main a[href^=javascript]").count() == 0
    page.wait_for_timeout(300)
    assert page.dialogs == [] and page.errors == []


def test_actor_page_shows_its_events_over_time(page: Any) -> None:
    _open(page, "#/actors?q=russia")
    page.locator("#actors a").first.click()
    page.wait_for_selector("#actor")
    assert page.locator("#actor h1").inner_text().startswith("Russia")
    assert page.locator("#actor tr.event-row").count() >= 1
    assert page.locator("#actor rect.bar").count() >= 1
