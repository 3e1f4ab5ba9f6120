"""Files that run inside the child process, loaded as plain files next to each other (never as ``grader.*``).

``protocol`` is the wire format and is also imported by the grader's side.
"""
