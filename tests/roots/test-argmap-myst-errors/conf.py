extensions = ["myst_parser", "argmap.sphinx"]
myst_fence_as_directive = ["argmap"]
