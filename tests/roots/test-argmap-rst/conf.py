extensions = ["argmap.sphinx"]
numfig = True
