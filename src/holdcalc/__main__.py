from holdcalc.cli import run

run()
