"""Secrets sealed with a passphrase an operator gives: scrypt derives a key from it, AES-GCM
encrypts and authenticates. A wrong passphrase or a changed byte fails the tag check, and the
error says so without anything of the data.

Layout: magic (8 bytes) | salt (16) | nonce (12) | ciphertext with its 16-byte tag. The magic
is also the associated data, so a sealed blob of another format version cannot be mistaken for
this one.
"""

from __future__ import annotations

import os
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

MAGIC = b"rlseal1\n"
_SALT = 16
_NONCE = 12
# scrypt's interactive-login cost (2^15, 8, 1): about 32 MiB and a tenth of a second, once per
# seal or unseal, which is a backup's or an audit's, never a request's.
_N, _R, _P = 2**15, 8, 1


class SealError(ValueError):
    """Not this passphrase, or not a sealed blob, or changed since it was sealed."""


def passphrase_from(path: Path) -> str:
    """The passphrase an operator keeps in a file (never on a command line, where `ps` and the
    shell's history would show it): the file's text without its final newline."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise SealError(f"{path}: cannot read the passphrase ({type(e).__name__})") from None
    passphrase = text.removesuffix("\n").removesuffix("\r")
    if not passphrase:
        raise SealError(f"{path}: the passphrase is empty")
    return passphrase


def _key(passphrase: str, salt: bytes) -> bytes:
    if not passphrase:
        raise SealError("the passphrase is empty")
    return Scrypt(salt=salt, length=32, n=_N, r=_R, p=_P).derive(passphrase.encode())


def seal(plaintext: bytes, passphrase: str) -> bytes:
    salt, nonce = os.urandom(_SALT), os.urandom(_NONCE)
    return MAGIC + salt + nonce + AESGCM(_key(passphrase, salt)).encrypt(nonce, plaintext, MAGIC)


def unseal(sealed: bytes, passphrase: str) -> bytes:
    if not sealed.startswith(MAGIC) or len(sealed) < len(MAGIC) + _SALT + _NONCE + 16:
        raise SealError("not a sealed secret (wrong format or truncated)")
    salt = sealed[len(MAGIC) : len(MAGIC) + _SALT]
    nonce = sealed[len(MAGIC) + _SALT : len(MAGIC) + _SALT + _NONCE]
    body = sealed[len(MAGIC) + _SALT + _NONCE :]
    try:
        return AESGCM(_key(passphrase, salt)).decrypt(nonce, body, MAGIC)
    except InvalidTag:
        # `from None`: the cause's traceback would say nothing more, and nothing else may leak.
        raise SealError("wrong passphrase, or the sealed secret was changed") from None
