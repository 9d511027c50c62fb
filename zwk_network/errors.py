"""Typed domain errors; each blueprint maps them to a page or to problem details."""


class DomainError(Exception):
    status = 400
    title = "Bad request"


class NotFound(DomainError):
    status = 404
    title = "Not found"


class InvalidInput(DomainError):
    """Input that cannot be used; `errors` maps a field (or parameter) to its reason."""

    status = 400
    title = "Invalid input"

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(f"{key}: {value}" for key, value in errors.items()))
        self.errors = errors


class ValidationFailed(InvalidInput):
    """A service refused the values of a form: `errors` maps each field to its reason, in plain
    German. The view shows the form again as it was typed, each reason at its field (400)."""

    title = "Validation failed"
