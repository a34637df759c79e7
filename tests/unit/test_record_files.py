"""The record's file forms: topic records as JSON lines round-trip byte for byte, and a sealed
secret opens with its passphrase only, refusing a wrong one or a changed byte without a word
of the data."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest

from rladapters.record.sealed import SealError, passphrase_from, seal, unseal
from rladapters.record.topics import TopicRecord, read_jsonl, study_needle, write_jsonl

RECORDS = [
    TopicRecord(0, 0, b"p1", b'{"study_id":"s1","x":1}', 1_700_000_000_000),
    TopicRecord(0, 7, None, None, 1_700_000_000_001, (("trace", b"\x00\xff"), ("empty", b""))),
    TopicRecord(3, 2, b"\xff\xfe", b"\x00 not json \n", 1_700_000_000_002, (("k", b"v"),)),
]


def test_topic_records_round_trip_as_json_lines() -> None:
    out = io.BytesIO()
    assert write_jsonl(RECORDS, out) == 3
    text = out.getvalue()
    assert text.count(b"\n") == 3  # one line each, a value's newline is inside base64
    assert list(read_jsonl(io.BytesIO(text))) == RECORDS


def test_a_broken_line_is_named_not_skipped() -> None:
    out = io.BytesIO()
    write_jsonl(RECORDS[:1], out)
    broken = out.getvalue() + b'{"partition":0,"offset":1,"key":"!!","value":null}\n'
    with pytest.raises(ValueError, match="line 2: not a topic record"):
        list(read_jsonl(io.BytesIO(broken)))


def test_the_study_needle_matches_its_study_only() -> None:
    assert study_needle("s1") in RECORDS[0].value  # type: ignore[operator]
    assert study_needle("s10") not in RECORDS[0].value  # type: ignore[operator]
    assert study_needle("s") not in RECORDS[0].value  # type: ignore[operator]


def test_a_sealed_secret_opens_with_its_passphrase() -> None:
    sealed = seal(b"the study secret", "correct horse")
    assert b"the study secret" not in sealed
    assert unseal(sealed, "correct horse") == b"the study secret"
    assert seal(b"the study secret", "correct horse") != sealed  # a fresh salt and nonce


@pytest.mark.parametrize(
    "change",
    [
        lambda s: (s, "wrong horse"),
        lambda s: (s[:-1] + bytes([s[-1] ^ 1]), "correct horse"),  # the tag
        lambda s: (s[:30] + bytes([s[30] ^ 1]) + s[31:], "correct horse"),  # the nonce
    ],
    ids=["wrong passphrase", "changed tag", "changed nonce"],
)
def test_a_wrong_passphrase_or_a_changed_byte_is_refused(
    change: Callable[[bytes], tuple[bytes, str]],
) -> None:
    sealed, passphrase = change(seal(b"the study secret", "correct horse"))
    with pytest.raises(SealError, match="wrong passphrase, or the sealed secret was changed") as e:
        unseal(sealed, passphrase)
    assert e.value.__cause__ is None and e.value.__suppress_context__
    assert "study secret" not in str(e.value)


def test_what_is_not_a_sealed_secret_says_so() -> None:
    with pytest.raises(SealError, match="not a sealed secret"):
        unseal(b"plain text, long enough to pass the length check easily", "x")
    with pytest.raises(SealError, match="passphrase is empty"):
        seal(b"x", "")


def test_a_passphrase_file_is_its_text_without_the_final_newline(tmp_path: Path) -> None:
    (tmp_path / "p").write_text("two words\n")
    assert passphrase_from(tmp_path / "p") == "two words"
    (tmp_path / "crlf").write_bytes(b"two words \r\n")
    assert passphrase_from(tmp_path / "crlf") == "two words "
    (tmp_path / "empty").write_text("\n")
    with pytest.raises(SealError, match="passphrase is empty"):
        passphrase_from(tmp_path / "empty")
    with pytest.raises(SealError, match="cannot read the passphrase"):
        passphrase_from(tmp_path / "missing")
