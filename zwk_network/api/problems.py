"""RFC 9457 problem details for every API error."""

from flask import jsonify
from werkzeug.exceptions import HTTPException

from ..errors import DomainError, InvalidInput, status_message, status_title

PROBLEM_TYPE_BASE = "https://zwk-network.example/problems/"


def problem(status: int, title: str, detail: str, kind: str = "about:blank", **members):
    body = {"type": kind, "title": title, "status": status, "detail": detail, **members}
    response = jsonify(body)
    response.status_code = status
    response.content_type = "application/problem+json"
    return response


def domain_error_problem(error: DomainError):
    members = {}
    if isinstance(error, InvalidInput):
        members["errors"] = error.errors
        kind = PROBLEM_TYPE_BASE + "invalid-parameters"
    else:
        kind = PROBLEM_TYPE_BASE + type(error).__name__.lower()
    detail = str(error) if isinstance(error, InvalidInput) else f"{status_message(error.status)} ({error})"
    return problem(error.status, status_title(error.status), detail, kind, **members)


def http_error_problem(error: HTTPException):
    status = error.code or 500
    # A limit with its own message says it (in German); other errors say what their status means.
    own = getattr(getattr(error, "limit", None), "error_message", None)
    return problem(status, status_title(status), error.description if own else status_message(status))
