"""Grading a whole class: jobs, executors, resumable runs and progress."""
