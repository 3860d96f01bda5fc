"""The rules for phones (issue 13): room codes, note and key limits, and the token-bucket rate
limiter driven by an injected clock."""

from __future__ import annotations

import pytest

from sprintdesk.domain.clock import FakeClock
from sprintdesk.domain.errors import ValidationError
from sprintdesk.domain.participation import (
    MAX_PHONE_NOTE,
    ROOM_CODE_ALPHABET,
    Rate,
    RateLimiter,
    TokenBucket,
    check_client_key,
    check_phone_note,
    is_anonymous_name,
    next_anonymous_number,
    normalize_room_code,
)


def test_room_codes_read_aloud_and_typed_sloppily() -> None:
    assert not set("01OIL") & set(ROOM_CODE_ALPHABET)
    assert normalize_room_code(" k7p-2q ") is None  # 5 characters
    assert normalize_room_code("k7p 2qx") == "K7P2QX"
    assert normalize_room_code("K7P2QA") == "K7P2QA"
    assert normalize_room_code("k7p-2qa") == "K7P2QA"
    for bad in ("K7P2Q0", "K7P2QO", "K7P2Q1", "", "K7P2QAZ", None, 123, "K" * 40):
        assert normalize_room_code(bad) is None


def test_note_text_and_client_keys() -> None:
    assert check_phone_note("  hi  ") == "hi"
    assert len(check_phone_note("x" * MAX_PHONE_NOTE)) == MAX_PHONE_NOTE
    for bad in ("x" * (MAX_PHONE_NOTE + 1), " \n ", None, 5, ["x"]):
        with pytest.raises(ValidationError):
            check_phone_note(bad)
    assert check_client_key("a1B2-c3_d") == "a1B2-c3_d"
    for key in ("short", "k" * 65, "has space12", "../../etc", "ключключключ", 12345678, None):
        with pytest.raises(ValidationError):
            check_client_key(key)


def test_anonymous_names() -> None:
    assert is_anonymous_name("Anonymous 3") and not is_anonymous_name("Anonymous Bob")
    assert next_anonymous_number(["Ana", "Anonymous 1", "Anonymous 7"]) == 8
    assert next_anonymous_number([]) == 1


def test_a_token_bucket_refills_with_the_clock_not_with_calls() -> None:
    clock = FakeClock()
    bucket = TokenBucket(3, 0.5, clock.monotonic)
    assert [bucket.take() for _ in range(4)] == [True, True, True, False]
    clock.advance(1.0)
    assert not bucket.take()  # half a token
    clock.advance(1.0)
    assert bucket.take()
    clock.advance(3600)
    assert bucket.full
    assert [bucket.take() for _ in range(4)] == [True, True, True, False]  # never above capacity
    with pytest.raises(ValueError):
        TokenBucket(0, 1, clock.monotonic)


def test_a_rate_limiter_keeps_one_bucket_per_key_and_forgets_the_oldest() -> None:
    clock = FakeClock()
    limiter = RateLimiter(Rate(2, 1.0), clock.monotonic, max_keys=3)
    assert [limiter.allow("a") for _ in range(3)] == [True, True, False]
    assert limiter.allow("b")  # another key has its own bucket
    for key in ("c", "d", "e"):
        limiter.allow(key)
    assert len(limiter) == 3
    clock.advance(1.0)
    assert limiter.allow("a")
