from actionbook.cli import main

main()
