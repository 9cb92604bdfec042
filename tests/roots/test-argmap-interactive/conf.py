extensions = ["myst_parser", "argmap.sphinx"]
