from assistant.eval.cli import main

raise SystemExit(main())
