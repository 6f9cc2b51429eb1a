"""Jobs: one run of the engine as a front end asks for it (the command line, the web
page), wired from the layers below: who watches a roster's rows, how a report states
its method, how one case becomes a letter. No front end's words live here."""
