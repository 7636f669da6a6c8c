"""The gentle-phrasing helper: point out harsh phrases in what someone is writing.

What a phrase matches
    Its words, whole words only, in any case, with any spacing between them; ``'`` and
    ``’`` are the same. A longer word also matches its everyday forms: "ignore" finds
    "ignores", "ignored" and "ignoring"; "overreact" finds "overreacted". In a phrase like
    "brush off" the verb bends too ("brushed off"), and a short object may sit before the
    little word at the end ("brushing it off", "brushed me off"). Small fixed words (you,
    me, not, too, what's, ...) never change. A phrase written in quotation marks in the
    list, like ``'"calm down"'``, matches exactly those words and no other forms.

Whose words the helper speaks to
    Only the writer's own phrasing. A hurt partner telling what was said to them is not
    corrected, so a match is left alone when it is

    1. **quoted**: inside quotation marks on its line (“…”, "…", '…', ‘…’, «…», »…«,
       „…“, ‹…›, 「…」, 『…』). A mark still open at the end of the line counts as quoting
       up to there, since the writer may be mid-quote. A straight ``'`` quotes only when
       it is closed (otherwise it is an apostrophe, as in "don't" or "'cause").
    2. **reported**: earlier in the same clause, "you" is the subject of a saying verb
       (said, told, called, asked, meant, heard, went, thought, texted, yelled, kept
       saying, were like, ...): "you said I was too sensitive", "when you told me I'm
       overreacting", "you called me dramatic". The clause ends at ``.``, ``!``, ``?``,
       ``;``, ``…`` or a line break, at "but", "yet" or "though", and where a new clause starts
       with "you" ("... and you never ...", "... then you ignored me") or with "I" or "we"
       after a comma, "and", "so" or "then" ("When you said that, I felt ignored").
    3. **owned**: right after "I", "we" or "let's" as the one doing it ("I ignored your
       text", "we both overreacted", "let's calm down", "I was brushing you off"). After
       a form of "be" only an ``-ing`` form counts as owning: "I was ignored" is still
       pointed out. A phrase that starts with a small fixed word ("you always") is never
       owned this way.

Only what comes *before* a match can excuse it: in "You always say I never listen" the
accusation comes first, so "you always" is pointed out.

Cost: one pass per phrase plus one pass for quotes and clauses, so roughly linear.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, replace
from functools import lru_cache

from coach.flows.catalog import GentlePhrase


@dataclass(frozen=True)
class Spotted:
    """A phrase found in the text, at ``text[start:end]``."""

    phrase: GentlePhrase
    start: int
    end: int


# -- matching a phrase and its forms ---------------------------------------------------

#: Words that never take other forms (they would only make nonsense or new meanings).
FIXED = frozenset({
    "you", "your", "yours", "me", "my", "mine", "it", "its", "him", "her", "hers", "them",
    "they", "their", "us", "our", "we", "he", "she", "the", "and", "but", "not", "too", "with",
    "what", "what's", "whatever", "that", "this", "there", "then", "than", "just", "so",
    "very", "over", "off", "down", "out", "away", "aside", "back", "always", "never", "ever",
    "all", "any", "big",
})  # fmt: skip
#: Little words that end a phrasal verb; a short object may come before them.
PARTICLES = frozenset({"off", "down", "up", "over", "out", "away", "aside", "back", "around"})
_OBJECT = r"(?:it|me|you|him|her|them|us|this|that)"
_APOSTROPHE = "['’]"
_EXACT_MARKS = ('"', "“", "”", "„")
_VOWELS = "aeiou"


def word_forms(word: str) -> list[str]:
    """A word and its everyday forms (``ignore`` -> ignores, ignored, ignoring), longest first.

    Only plain words of three letters or more bend; others are returned as they are."""
    w = word.lower()
    if len(w) < 3 or not (w.isascii() and w.isalpha()) or w in FIXED:
        return [word]
    forms = {w, w + "s", w + "ed", w + "ing"}
    if w.endswith("e"):
        forms |= {w + "d", w[:-1] + "ing"}
        forms.discard(w + "ed")
    if w.endswith(("s", "sh", "ch", "x", "z", "o")):
        forms.add(w + "es")
    if w[-1] == "y" and w[-2] not in _VOWELS:
        forms |= {w[:-1] + "ies", w[:-1] + "ied"}
    if w[-1] not in _VOWELS + "wxy" and w[-2] in _VOWELS and w[-3] not in _VOWELS:
        forms |= {w + w[-1] + "ed", w + w[-1] + "ing"}  # stop -> stopped (and "stoped")
    return sorted(forms, key=lambda f: (-len(f), f))


def _word_pattern(word: str, bend: bool) -> str:
    forms = word_forms(word) if bend else [word]
    escaped = [re.sub("['’]", _APOSTROPHE, re.escape(f)) for f in forms]
    return escaped[0] if len(escaped) == 1 else "(?:" + "|".join(escaped) + ")"


def exact_words(match: str) -> str | None:
    """The words inside a quoted ``match`` (``'"calm down"'`` -> ``calm down``), else None."""
    text = match.strip()
    if len(text) >= 2 and text[0] in _EXACT_MARKS and text[-1] in _EXACT_MARKS:
        return text[1:-1].strip()
    return None


@lru_cache(maxsize=512)
def phrase_pattern(match: str) -> re.Pattern[str] | None:
    """The compiled pattern for one ``match`` value (None when it has no words)."""
    inner = exact_words(match)
    words = (inner if inner is not None else match).split()
    if not words:
        return None
    bend = inner is None
    body = _word_pattern(words[0], bend)
    for word in words[1:]:
        gap = rf"\s+(?:{_OBJECT}\s+)?" if bend and word.lower() in PARTICLES else r"\s+"
        body += gap + _word_pattern(word, bend)
    return re.compile(rf"(?<!\w){body}(?!\w)", re.IGNORECASE)


def _shown(phrase: GentlePhrase) -> GentlePhrase:
    """The phrase as the app shows it: without the quotation marks that make it exact."""
    inner = exact_words(phrase.match)
    return phrase if inner is None else replace(phrase, match=inner)


# -- whose words: quotes, reported speech, owning ---------------------------------------

#: Opening marks and the marks that may close them.
QUOTES = {
    '"': '"”“',
    "“": '”“"',
    "„": '“”"',
    "”": '”"',
    "«": "»",
    "»": "«»",
    "‹": "›",
    "›": "‹",
    "「": "」",
    "『": "』",
    "‘": "’",
    "‚": "‘’",
    "'": "'",
}
_CLOSERS = frozenset("".join(QUOTES.values()))


def _closes(text: str, i: int) -> bool:
    """Whether the mark at ``i`` can close a quote (an apostrophe inside a word cannot)."""
    if text[i] not in "'’":
        return True
    after = text[i + 1] if i + 1 < len(text) else ""
    return not (after.isalnum() or after == "_") and i > 0 and not text[i - 1].isspace()


def _opens(text: str, i: int) -> bool:
    """Whether the mark at ``i`` can open a quote (a straight ``'`` needs a space before)."""
    if text[i] != "'":
        return True
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return not (before.isalnum() or before == "_") and not after.isspace()


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """Where ``text`` is inside quotation marks, as ``(start, end)`` pairs, in order."""
    newlines = [i for i, c in enumerate(text) if c == "\n"]
    closers: dict[str, list[int]] = {}
    openers: list[int] = []
    for i, c in enumerate(text):
        if c in _CLOSERS and _closes(text, i):
            closers.setdefault(c, []).append(i)
        if c in QUOTES and _opens(text, i):
            openers.append(i)
    spans: list[tuple[int, int]] = []
    done = 0
    for i in openers:
        if i < done:
            continue
        k = bisect_right(newlines, i)
        line_end = newlines[k] if k < len(newlines) else len(text)
        close = line_end
        for c in QUOTES[text[i]]:
            found = closers.get(c, [])
            j = bisect_right(found, i)
            if j < len(found) and found[j] < close:
                close = found[j]
        if close < line_end:
            spans.append((i, close + 1))
            done = close + 1
        elif text[i] != "'":  # still open: quoting to the end of the line
            spans.append((i, line_end))
            done = line_end
    return spans


_ADVERBS = (
    r"just|once|even|also|then|literally|actually|basically|really|only|first|ever|always|"
    r"never|often|sometimes|still|again|practically|kind\s+of|sort\s+of|pretty\s+much"
)
_SAY = (
    r"say|says|said|saying|tell|tells|told|telling|call|calls|called|calling|ask|asks|asked|"
    r"asking|mean|means|meant|hear|hears|heard|went|reply|replies|replied|answer|"
    r"answers|answered|shout|shouts|shouted|yell|yells|yelled|snap|snaps|snapped|mutter|"
    r"muttered|text|texts|texted|write|writes|wrote|written|message|messaged|insist|"
    r"insisted|claim|claims|claimed|imply|implied|suggest|suggested|mention|mentioned|"
    r"think|thinks|thought|decided|label|labelled|labeled|act|acted|acting|make\s+out|"
    r"made\s+out"
)
_AUX = (
    _ADVERBS
    + r"|have|has|had|did|do|does|would|will|could|might|must|may|can|keep|keeps|kept|been|"
    r"were|are|was|going|gonna|to|about|like"
)
#: "you" as the subject of a saying verb: what follows in the clause is reported.
REPORTING = re.compile(
    rf"(?<!\w)you(?:(?:['’](?:ve|d|ll|re))?(?:\s+(?:{_AUX})){{0,4}}\s+(?:{_SAY})"
    rf"|(?:['’]re|\s+(?:are|were|was))(?:\s+(?:{_ADVERBS}|all))*\s+like)(?!\w)",
    re.IGNORECASE,
)
#: Where a clause ends: a sentence mark, "but", or a new clause with "you", "I" or "we".
BOUNDARY = re.compile(
    r"[.!?;…\n]"
    r"|(?<!\w)(?:but|yet|though|although|however)(?!\w)"
    r"|(?<!\w)(?:and|or|so|then|because|cause|when|while|until|till|after|before|since|if"
    r"|once|now)(?:\s+(?:then|now|also|just|still))?\s+(?=you(?!\w)|you['’])"
    r"|(?:,|(?<!\w)(?:and|so|then))\s*(?=(?:i|we)(?!\w)|(?:i|we)['’])",
    re.IGNORECASE,
)
_OWN_AUX = (
    _ADVERBS + r"|both|all|did|do|does|have|had|has|might|may|must|could|would|should|will|can|"
    r"need\s+to|needed\s+to|want\s+to|wanted\s+to|try\s+to|tried\s+to|have\s+to|had\s+to|"
    r"got\s+to|going\s+to|gonna|definitely|probably|clearly|honestly|totally|completely|"
    r"not|didn['’]t|don['’]t|won['’]t|wouldn['’]t|shouldn['’]t|can['’]t|couldn['’]t"
)
#: "I", "we" or "let's" doing the thing, right before a match (``be`` is for -ing forms).
_BE = r"am|are|was|were|been|wasn['’]t|weren['’]t|aren['’]t"
OWNING = re.compile(
    rf"(?<!\w)(?:i|we|let['’]?s|let\s+us)(?:(?P<contracted>['’](?:m|re))|['’](?:ve|d|ll))?"
    rf"(?:\s+(?:{_OWN_AUX}))*(?P<be>\s+(?:{_BE})(?:\s+not)?)?(?:\s+(?:{_ADVERBS}))*\s+\Z",
    re.IGNORECASE,
)
_OWN_LOOKBACK = 80


class _Context:
    """What the text says about whose words are where, worked out once per text."""

    def __init__(self, text: str) -> None:
        self.text = text
        spans = quoted_spans(text)
        self.quote_starts = [s for s, _ in spans]
        self.quote_ends = [e for _, e in spans]
        self.reporting = [m.end() for m in REPORTING.finditer(text)]
        self.boundaries = [m.start() for m in BOUNDARY.finditer(text)]

    def quoted(self, at: int) -> bool:
        k = bisect_right(self.quote_starts, at) - 1
        return k >= 0 and at < self.quote_ends[k]

    def reported(self, at: int) -> bool:
        k = bisect_right(self.reporting, at) - 1
        if k < 0:
            return False
        said_end = self.reporting[k]
        b = bisect_left(self.boundaries, at) - 1  # the last boundary before the match
        return b < 0 or self.boundaries[b] < said_end

    def owned(self, start: int, end: int) -> bool:
        first = re.match(r"[\w'’]+", self.text[start:end])
        word = first[0].lower().replace("’", "'") if first else ""
        if not word or word in FIXED:
            return False  # "I do you always..." does not own "you always"
        m = OWNING.search(self.text, max(0, start - _OWN_LOOKBACK), start)
        if m is None:
            return False
        return (m["be"] is None and m["contracted"] is None) or word.endswith("ing")

    def own_words(self, start: int, end: int) -> bool:
        return not (self.quoted(start) or self.reported(start) or self.owned(start, end))


def spot(text: str, phrases: tuple[GentlePhrase, ...]) -> list[Spotted]:
    """Every harsh phrase in the writer's own words in ``text``, in order of appearance.

    Never raises, whatever the text; see the module docstring for what is matched and
    what is left alone."""
    found: list[Spotted] = []
    context: _Context | None = None
    for phrase in phrases:
        pattern = phrase_pattern(phrase.match)
        if pattern is None:
            continue
        for m in pattern.finditer(text):
            context = context or _Context(text)
            if context.own_words(m.start(), m.end()):
                found.append(Spotted(_shown(phrase), m.start(), m.end()))
    return sorted(found, key=lambda s: (s.start, -s.end))
