from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.failure import Failure
from ...models.study_probability_by_state import StudyProbabilityByState
from ...types import UNSET, Response, Unset


def _get_kwargs(
    study_id: str,
    *,
    days: int | Unset = 30,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["days"] = days

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/studies/{study_id}/probability-by-state".format(
            study_id=quote(str(study_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Failure | StudyProbabilityByState | None:
    if response.status_code == 200:
        response_200 = StudyProbabilityByState.from_dict(response.json())

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
) -> Response[Failure | StudyProbabilityByState]:
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
    days: int | Unset = 30,
) -> Response[Failure | StudyProbabilityByState]:
    """Probability By State

     The policy's decisions of the last days grouped by their state: how many, and the mean,
    lowest and highest probability of treatment in each. A state with a continuous entry is
    rarely seen twice, so `distinct` may be close to `decisions`: then only the most frequent
    states show one by one, and the rest are summed into the last row (state null).

    Args:
        study_id (str):
        days (int | Unset): this many days, ending today Default: 30.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Failure | StudyProbabilityByState]
    """

    kwargs = _get_kwargs(
        study_id=study_id,
        days=days,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    study_id: str,
    *,
    client: AuthenticatedClient,
    days: int | Unset = 30,
) -> Failure | StudyProbabilityByState | None:
    """Probability By State

     The policy's decisions of the last days grouped by their state: how many, and the mean,
    lowest and highest probability of treatment in each. A state with a continuous entry is
    rarely seen twice, so `distinct` may be close to `decisions`: then only the most frequent
    states show one by one, and the rest are summed into the last row (state null).

    Args:
        study_id (str):
        days (int | Unset): this many days, ending today Default: 30.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Failure | StudyProbabilityByState
    """

    return sync_detailed(
        study_id=study_id,
        client=client,
        days=days,
    ).parsed


async def asyncio_detailed(
    study_id: str,
    *,
    client: AuthenticatedClient,
    days: int | Unset = 30,
) -> Response[Failure | StudyProbabilityByState]:
    """Probability By State

     The policy's decisions of the last days grouped by their state: how many, and the mean,
    lowest and highest probability of treatment in each. A state with a continuous entry is
    rarely seen twice, so `distinct` may be close to `decisions`: then only the most frequent
    states show one by one, and the rest are summed into the last row (state null).

    Args:
        study_id (str):
        days (int | Unset): this many days, ending today Default: 30.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Failure | StudyProbabilityByState]
    """

    kwargs = _get_kwargs(
        study_id=study_id,
        days=days,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    study_id: str,
    *,
    client: AuthenticatedClient,
    days: int | Unset = 30,
) -> Failure | StudyProbabilityByState | None:
    """Probability By State

     The policy's decisions of the last days grouped by their state: how many, and the mean,
    lowest and highest probability of treatment in each. A state with a continuous entry is
    rarely seen twice, so `distinct` may be close to `decisions`: then only the most frequent
    states show one by one, and the rest are summed into the last row (state null).

    Args:
        study_id (str):
        days (int | Unset): this many days, ending today Default: 30.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Failure | StudyProbabilityByState
    """

    return (
        await asyncio_detailed(
            study_id=study_id,
            client=client,
            days=days,
        )
    ).parsed
