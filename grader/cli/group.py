"""The ``grader`` command group (commands register on it from their modules)."""

from __future__ import annotations

import click


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="nn-grader")
def main() -> None:
    """Auto-grader for the neural-networks-from-scratch course."""


