"""The ``grader`` command group; each command's module is imported when that command runs.

A student's ``grader check`` then imports what checking needs and nothing of
the batch, course or authoring commands (``benchmarks/course_scale.py``
times it against a bare ``import numpy``). Commands register on the group
from their modules; :data:`COMMANDS` says which module holds each (a test
keeps it true).
"""

from __future__ import annotations

import importlib

import click

#: The module that defines each command.
COMMANDS = {
    "check": "grading", "grade": "grading",
    "list": "authoring", "generate": "authoring", "release": "authoring", "notebooks": "authoring",
    "audit": "authoring",
    "course": "course", "gradescope": "gradescope",
}


class LazyGroup(click.Group):
    """A group whose commands are imported on first use (all of them for ``--help``)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            importlib.import_module(f"grader.cli.{COMMANDS[cmd_name]}")
        return super().get_command(ctx, cmd_name)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="nn-grader")
def main() -> None:
    """Auto-grader for the neural-networks-from-scratch course."""
