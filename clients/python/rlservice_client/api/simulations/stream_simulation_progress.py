from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.failure import Failure
from ...types import Response


def _get_kwargs(
    session_id: str,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/simulations/{session_id}/progress".format(
            session_id=quote(str(session_id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Failure | str | None:
    if response.status_code == 200:
        response_200 = response.text
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

    if response.status_code == 429:
        response_429 = Failure.from_dict(response.json())

        return response_429

    if response.status_code == 503:
        response_503 = Failure.from_dict(response.json())

        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Failure | str]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    session_id: str,
    *,
    client: AuthenticatedClient,
) -> Response[Failure | str]:
    """Simulation Progress

     Its progress as server-sent events until the run ends; an ended run's last progress at
    once. A stream lasts at most its lifetime and its token's; ask again after an `end` whose
    reason is `timeout`. Send the token as a header: read it with fetch, not EventSource.

    Args:
        session_id (str): like 20260101-120000-ab12

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Failure | str]
    """

    kwargs = _get_kwargs(
        session_id=session_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    session_id: str,
    *,
    client: AuthenticatedClient,
) -> Failure | str | None:
    """Simulation Progress

     Its progress as server-sent events until the run ends; an ended run's last progress at
    once. A stream lasts at most its lifetime and its token's; ask again after an `end` whose
    reason is `timeout`. Send the token as a header: read it with fetch, not EventSource.

    Args:
        session_id (str): like 20260101-120000-ab12

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Failure | str
    """

    return sync_detailed(
        session_id=session_id,
        client=client,
    ).parsed


async def asyncio_detailed(
    session_id: str,
    *,
    client: AuthenticatedClient,
) -> Response[Failure | str]:
    """Simulation Progress

     Its progress as server-sent events until the run ends; an ended run's last progress at
    once. A stream lasts at most its lifetime and its token's; ask again after an `end` whose
    reason is `timeout`. Send the token as a header: read it with fetch, not EventSource.

    Args:
        session_id (str): like 20260101-120000-ab12

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Failure | str]
    """

    kwargs = _get_kwargs(
        session_id=session_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    session_id: str,
    *,
    client: AuthenticatedClient,
) -> Failure | str | None:
    """Simulation Progress

     Its progress as server-sent events until the run ends; an ended run's last progress at
    once. A stream lasts at most its lifetime and its token's; ask again after an `end` whose
    reason is `timeout`. Send the token as a header: read it with fetch, not EventSource.

    Args:
        session_id (str): like 20260101-120000-ab12

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Failure | str
    """

    return (
        await asyncio_detailed(
            session_id=session_id,
            client=client,
        )
    ).parsed
