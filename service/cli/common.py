"""What every CLI command shares: turning expected errors into one clear line and an exit code."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from typing import ParamSpec, TypeVar

import typer

from service.errors import EvenhandError, InputError

P = ParamSpec("P")
R = TypeVar("R")

EXIT_INPUT = 2
EXIT_FAILURE = 1


def fail(message: str, code: int = EXIT_FAILURE) -> typer.Exit:
    print(f"evenhand: error: {message}", file=sys.stderr)
    return typer.Exit(code)


def warn_if_partial(what: str, status: str, failures: int) -> None:
    """A partial result is output, but never silently: say so on stderr."""
    if status != "complete":
        print(
            f"evenhand: warning: {what} is {status}: {failures} model call(s) failed "
            "(meta.failures lists them)",
            file=sys.stderr,
        )


@contextmanager
def user_errors() -> Iterator[None]:
    """Expected failures end with one line on stderr and a non-zero exit, never a traceback."""
    try:
        yield
    except InputError as exc:
        raise fail(exc.message, EXIT_INPUT) from None
    except EvenhandError as exc:
        raise fail(exc.message) from None
    except KeyboardInterrupt:
        raise fail("interrupted", 130) from None


def handles_errors(func: Callable[P, R]) -> Callable[P, R]:
    @wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with user_errors():
            return func(*args, **kwargs)

    return wrapper
