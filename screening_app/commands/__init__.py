"""Sub-commands of `screening-app`, one module per area; see screening_app.cli."""
