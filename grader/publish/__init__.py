"""What students and course staff receive: stubs, public checks, nbgrader notebooks, the pytest file, Gradescope."""
