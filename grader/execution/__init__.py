"""Running untrusted code: child sessions, launchers and sandboxes (the child's own files are in ``child/``)."""
