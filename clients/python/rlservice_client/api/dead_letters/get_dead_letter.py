from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.dead_letter import DeadLetter
from ...models.failure import Failure
from ...types import Response


def _get_kwargs(
    letter_id: int,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/dead-letters/{letter_id}".format(
            letter_id=quote(str(letter_id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> DeadLetter | Failure | None:
    if response.status_code == 200:
        response_200 = DeadLetter.from_dict(response.json())

        return response_200

    if response.status_code == 401:
        response_401 = Failure.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = Failure.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = Failure.from_dict(response.json())

        return response_404

    if response.status_code == 422:
        response_422 = Failure.from_dict(response.json())

        return response_422

    if response.status_code == 503:
        response_503 = Failure.from_dict(response.json())

        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[DeadLetter | Failure]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    letter_id: int,
    *,
    client: AuthenticatedClient,
) -> Response[DeadLetter | Failure]:
    """Dead Letter

     One dead letter, with the message it keeps (the decoded JSON, or the raw text).

    Args:
        letter_id (int):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DeadLetter | Failure]
    """

    kwargs = _get_kwargs(
        letter_id=letter_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    letter_id: int,
    *,
    client: AuthenticatedClient,
) -> DeadLetter | Failure | None:
    """Dead Letter

     One dead letter, with the message it keeps (the decoded JSON, or the raw text).

    Args:
        letter_id (int):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DeadLetter | Failure
    """

    return sync_detailed(
        letter_id=letter_id,
        client=client,
    ).parsed


async def asyncio_detailed(
    letter_id: int,
    *,
    client: AuthenticatedClient,
) -> Response[DeadLetter | Failure]:
    """Dead Letter

     One dead letter, with the message it keeps (the decoded JSON, or the raw text).

    Args:
        letter_id (int):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DeadLetter | Failure]
    """

    kwargs = _get_kwargs(
        letter_id=letter_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    letter_id: int,
    *,
    client: AuthenticatedClient,
) -> DeadLetter | Failure | None:
    """Dead Letter

     One dead letter, with the message it keeps (the decoded JSON, or the raw text).

    Args:
        letter_id (int):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DeadLetter | Failure
    """

    return (
        await asyncio_detailed(
            letter_id=letter_id,
            client=client,
        )
    ).parsed
