from pilot_tui.cli import main

raise SystemExit(main())
