from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.failure import Failure
from ...models.redriven import Redriven
from ...types import Response


def _get_kwargs(
    letter_id: int,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/dead-letters/{letter_id}/redrive".format(
            letter_id=quote(str(letter_id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Failure | Redriven | None:
    if response.status_code == 202:
        response_202 = Redriven.from_dict(response.json())

        return response_202

    if response.status_code == 401:
        response_401 = Failure.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = Failure.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = Failure.from_dict(response.json())

        return response_404

    if response.status_code == 409:
        response_409 = Failure.from_dict(response.json())

        return response_409

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Failure | Redriven]:
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
) -> Response[Failure | Redriven]:
    """Redrive

     Publish the dead letter's message to its source topic again, once (409 the second
    time): for after its cause was fixed. The consumers handle it exactly once. Audited.

    Args:
        letter_id (int):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Failure | Redriven]
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
) -> Failure | Redriven | None:
    """Redrive

     Publish the dead letter's message to its source topic again, once (409 the second
    time): for after its cause was fixed. The consumers handle it exactly once. Audited.

    Args:
        letter_id (int):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Failure | Redriven
    """

    return sync_detailed(
        letter_id=letter_id,
        client=client,
    ).parsed


async def asyncio_detailed(
    letter_id: int,
    *,
    client: AuthenticatedClient,
) -> Response[Failure | Redriven]:
    """Redrive

     Publish the dead letter's message to its source topic again, once (409 the second
    time): for after its cause was fixed. The consumers handle it exactly once. Audited.

    Args:
        letter_id (int):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Failure | Redriven]
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
) -> Failure | Redriven | None:
    """Redrive

     Publish the dead letter's message to its source topic again, once (409 the second
    time): for after its cause was fixed. The consumers handle it exactly once. Audited.

    Args:
        letter_id (int):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Failure | Redriven
    """

    return (
        await asyncio_detailed(
            letter_id=letter_id,
            client=client,
        )
    ).parsed
