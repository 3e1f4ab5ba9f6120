"""The course model: assignment declarations, the reference as the grader sees it, finding assignments."""
