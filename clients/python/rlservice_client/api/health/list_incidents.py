from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.failure import Failure
from ...models.incidents import Incidents
from ...types import UNSET, Response, Unset


def _get_kwargs(
    study_id: str,
    *,
    open_: bool | None | Unset = UNSET,
    limit: int | Unset = 100,
    before: int | None | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_open_: bool | None | Unset
    if isinstance(open_, Unset):
        json_open_ = UNSET
    else:
        json_open_ = open_
    params["open"] = json_open_

    params["limit"] = limit

    json_before: int | None | Unset
    if isinstance(before, Unset):
        json_before = UNSET
    else:
        json_before = before
    params["before"] = json_before

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/studies/{study_id}/incidents".format(
            study_id=quote(str(study_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Failure | Incidents | None:
    if response.status_code == 200:
        response_200 = Incidents.from_dict(response.json())

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Failure | Incidents]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    study_id: str,
    *,
    client: AuthenticatedClient,
    open_: bool | None | Unset = UNSET,
    limit: int | Unset = 100,
    before: int | None | Unset = UNSET,
) -> Response[Failure | Incidents]:
    """Incidents

     The study's incidents, newest first, a page at a time.

    Args:
        study_id (str):
        open_ (bool | None | Unset): true: open only; false: closed only
        limit (int | Unset): at most this many Default: 100.
        before (int | None | Unset): older than this incident (next page)

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Failure | Incidents]
    """

    kwargs = _get_kwargs(
        study_id=study_id,
        open_=open_,
        limit=limit,
        before=before,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    study_id: str,
    *,
    client: AuthenticatedClient,
    open_: bool | None | Unset = UNSET,
    limit: int | Unset = 100,
    before: int | None | Unset = UNSET,
) -> Failure | Incidents | None:
    """Incidents

     The study's incidents, newest first, a page at a time.

    Args:
        study_id (str):
        open_ (bool | None | Unset): true: open only; false: closed only
        limit (int | Unset): at most this many Default: 100.
        before (int | None | Unset): older than this incident (next page)

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Failure | Incidents
    """

    return sync_detailed(
        study_id=study_id,
        client=client,
        open_=open_,
        limit=limit,
        before=before,
    ).parsed


async def asyncio_detailed(
    study_id: str,
    *,
    client: AuthenticatedClient,
    open_: bool | None | Unset = UNSET,
    limit: int | Unset = 100,
    before: int | None | Unset = UNSET,
) -> Response[Failure | Incidents]:
    """Incidents

     The study's incidents, newest first, a page at a time.

    Args:
        study_id (str):
        open_ (bool | None | Unset): true: open only; false: closed only
        limit (int | Unset): at most this many Default: 100.
        before (int | None | Unset): older than this incident (next page)

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Failure | Incidents]
    """

    kwargs = _get_kwargs(
        study_id=study_id,
        open_=open_,
        limit=limit,
        before=before,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    study_id: str,
    *,
    client: AuthenticatedClient,
    open_: bool | None | Unset = UNSET,
    limit: int | Unset = 100,
    before: int | None | Unset = UNSET,
) -> Failure | Incidents | None:
    """Incidents

     The study's incidents, newest first, a page at a time.

    Args:
        study_id (str):
        open_ (bool | None | Unset): true: open only; false: closed only
        limit (int | Unset): at most this many Default: 100.
        before (int | None | Unset): older than this incident (next page)

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Failure | Incidents
    """

    return (
        await asyncio_detailed(
            study_id=study_id,
            client=client,
            open_=open_,
            limit=limit,
            before=before,
        )
    ).parsed
