"""Pilot: draw a card from home; another, skip, depth, theme, keep, close; it fits small
terminals with the question and the main button in view."""

from __future__ import annotations

import pytest
from textual.geometry import Region
from textual.widget import Widget
from textual.widgets import Button, Static

from coach.cards import CardDrawer
from coach.flows.deck import MAX_CARD_TEXT, Card, Deck
from coach.history import HistoryStore
from coach.tui.app import CoachApp
from coach.tui.screens.card import CardDialog
from coach.tui.screens.home import Home
from tests.pilot import couple

SIZES = [(80, 24), (50, 16), (40, 12)]
LONGEST = ("What is one small thing I could do on an ordinary evening this week that would "
           "help you feel more looked after, more listened to, and a little less alone with "
           "all you carry?")  # fmt: skip


def dialog(app: CoachApp) -> CardDialog:
    screen = app.screen
    assert isinstance(screen, CardDialog), f"expected the card dialog, found {screen!r}"
    return screen


def shown(screen: CardDialog, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


def in_view(screen: CardDialog, widget: Widget) -> bool:
    """Wholly on screen, and not cut off by the box around it."""
    box = screen.query_one("#card-box").region
    whole = Region(0, 0, *screen.app.size)
    return whole.contains_region(widget.region) and box.contains_region(widget.region)


async def test_draw_another_depth_theme_keep_and_close() -> None:
    app = CoachApp(couple())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause()
        screen = dialog(app)
        first = screen.card
        assert first is not None and first.text in shown(screen, "#card-text")
        assert app.session.cards().theme_name(first.theme) in shown(screen, "#card-where")
        assert shown(screen, "#card-status") == "any depth · any theme"

        await pilot.press("enter")  # the main button has the focus: another card
        await pilot.pause()
        second = screen.card
        assert second is not None and second != first
        await pilot.press("n")
        await pilot.pause()
        assert screen.card not in (None, first, second)

        while screen.depth_filter != "deeper":
            await pilot.press("d")
            await pilot.pause()
        assert screen.card is not None and screen.card.depth == "deeper"
        assert "deeper ones" in shown(screen, "#card-status")
        assert "a deeper question" in shown(screen, "#card-where")

        await pilot.press("t")
        await pilot.pause()
        theme = screen.theme_filter
        assert theme is not None and screen.card is not None
        assert (screen.card.theme, screen.card.depth) == (theme, "deeper")
        name = app.session.cards().theme_name(theme)
        assert name in shown(screen, "#card-status") and name in shown(screen, "#card-where")

        kept = screen.card
        await pilot.press("k", "k")  # twice: kept once
        await pilot.pause()
        assert shown(screen, "#card-status").startswith("Kept")
        await pilot.press("s")  # not this one: skipped, another of the same kind
        await pilot.pause()
        assert screen.card is not None and screen.card != kept
        assert (screen.card.theme, screen.card.depth) == (theme, "deeper")

        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, Home)
    with HistoryStore() as history:
        favourites = history.favourite_cards()
        assert [(r["deck_id"], r["card_id"]) for r in favourites] == [(kept.deck, kept.id)]
        skipped = history.db.execute("SELECT card_id FROM card_draws WHERE skipped = 1")
        assert [r[0] for r in skipped] == [kept.id]
        assert history.count("card_draws") >= 6


async def test_the_buttons_work_with_a_mouse_too() -> None:
    app = CoachApp(couple())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.action_draw_card()
        await pilot.pause()
        screen = dialog(app)
        first = screen.card
        await pilot.click("#another")
        await pilot.pause()
        assert screen.card != first
        await pilot.click("#keep")
        await pilot.pause()
        assert shown(screen, "#card-status").startswith("Kept")
        await pilot.click("#close")
        await pilot.pause()
        assert isinstance(app.screen, Home)


async def test_when_no_card_fits_the_dialog_says_so() -> None:
    deck = Deck("mini", "Mini", "", (Card("a", "mini", "What made you laugh?", "mini", "light"),))
    app = CoachApp(couple())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.push_screen(CardDialog(CardDrawer([deck])))
        await pilot.pause()
        screen = dialog(app)
        await pilot.press("d", "d")  # deeper: there is none
        await pilot.pause()
        assert screen.card is None and "No card fits" in shown(screen, "#card-text")
        await pilot.press("k", "enter")  # nothing to keep; another: still none, no error
        await pilot.pause()
        await pilot.press("d")  # any depth again
        await pilot.pause()
        assert screen.card is not None


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_it_fits_with_the_question_and_the_main_button_in_view(
    size: tuple[int, int],
) -> None:
    assert len(LONGEST) <= MAX_CARD_TEXT
    long_card = Card("long", "mini", LONGEST, "mini", "deeper")
    app = CoachApp(couple())
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await pilot.press("d")  # a bundled card, from home
        await pilot.pause()
        screen = dialog(app)
        for selector in ("#card-text", "#another", "#card-where"):
            assert in_view(screen, screen.query_one(selector)), selector
        await pilot.press("escape")
        await pilot.pause()
        app.push_screen(CardDialog(CardDrawer([Deck("mini", "Mini", "", (long_card,))])))
        await pilot.pause()
        screen = dialog(app)
        assert screen.card == long_card
        text, button = screen.query_one("#card-text"), screen.query_one("#another", Button)
        assert in_view(screen, text) and in_view(screen, button)
        assert screen.query_one("#card-scroll").max_scroll_y == 0  # the whole question shows
        assert button.has_focus
        await pilot.press("k")
        await pilot.pause()
        assert shown(screen, "#card-status").startswith("Kept")


async def test_a_hostile_user_deck_shows_as_plain_text() -> None:
    from coach import paths
    from tests.app.test_hostile_screens import check_screen

    folder = paths.user_flows_dir()
    folder.mkdir(parents=True)
    (folder / "loud.deck.toml").write_text(
        'format = 1\nid = "loud"\ntitle = "[@click=app.quit]Loud[/]"\ntheme = "loud"\n\n'
        '[[card]]\ntext = "[b]Not bold[/b] \\u001b]0;pwned\\u0007 [@click=app.quit]x[/]?"\n',
        encoding="utf-8",
    )
    app = CoachApp(couple())
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause()
        screen = dialog(app)
        while screen.theme_filter != "loud":
            await pilot.press("t")
            await pilot.pause()
        text = check_screen(app, "card dialog")
        assert "[b]Not bold[/b]" in text and "[@click=app.quit]x[/]?" in text
        assert "[@click=app.quit]Loud[/]" in text and "pwned" not in text
        await pilot.click("#card-text")
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, CardDialog)
