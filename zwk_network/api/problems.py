"""RFC 9457 problem details for every API error."""

from flask import jsonify
from werkzeug.exceptions import HTTPException

from ..errors import DomainError, InvalidInput

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
    return problem(error.status, error.title, str(error), kind, **members)


def http_error_problem(error: HTTPException):
    return problem(error.code or 500, error.name, error.description or error.name)
