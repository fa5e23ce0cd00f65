from screening_app.cli import main

raise SystemExit(main())
