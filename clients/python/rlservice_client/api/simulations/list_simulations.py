from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.failure import Failure
from ...models.simulations import Simulations
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    limit: int | Unset = 20,
    before: None | str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["limit"] = limit

    json_before: None | str | Unset
    if isinstance(before, Unset):
        json_before = UNSET
    else:
        json_before = before
    params["before"] = json_before

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/simulations",
        "params": params,
    }

    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Failure | Simulations | None:
    if response.status_code == 200:
        response_200 = Simulations.from_dict(response.json())

        return response_200

    if response.status_code == 401:
        response_401 = Failure.from_dict(response.json())

        return response_401

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
) -> Response[Failure | Simulations]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    limit: int | Unset = 20,
    before: None | str | Unset = UNSET,
) -> Response[Failure | Simulations]:
    """List Simulations

     The simulation sessions the caller may see, newest first, a page at a time.

    Args:
        limit (int | Unset): at most this many Default: 20.
        before (None | str | Unset): older than this session (next page)

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Failure | Simulations]
    """

    kwargs = _get_kwargs(
        limit=limit,
        before=before,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    limit: int | Unset = 20,
    before: None | str | Unset = UNSET,
) -> Failure | Simulations | None:
    """List Simulations

     The simulation sessions the caller may see, newest first, a page at a time.

    Args:
        limit (int | Unset): at most this many Default: 20.
        before (None | str | Unset): older than this session (next page)

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Failure | Simulations
    """

    return sync_detailed(
        client=client,
        limit=limit,
        before=before,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    limit: int | Unset = 20,
    before: None | str | Unset = UNSET,
) -> Response[Failure | Simulations]:
    """List Simulations

     The simulation sessions the caller may see, newest first, a page at a time.

    Args:
        limit (int | Unset): at most this many Default: 20.
        before (None | str | Unset): older than this session (next page)

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Failure | Simulations]
    """

    kwargs = _get_kwargs(
        limit=limit,
        before=before,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    limit: int | Unset = 20,
    before: None | str | Unset = UNSET,
) -> Failure | Simulations | None:
    """List Simulations

     The simulation sessions the caller may see, newest first, a page at a time.

    Args:
        limit (int | Unset): at most this many Default: 20.
        before (None | str | Unset): older than this session (next page)

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Failure | Simulations
    """

    return (
        await asyncio_detailed(
            client=client,
            limit=limit,
            before=before,
        )
    ).parsed
