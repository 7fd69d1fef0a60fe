"""Stage 6, viz: the graph as a networkx graph (``network``) and as pictures
(``pictures``: an interactive HTML page, PNG and SVG, a timeline).

Nothing is imported here: networkx, matplotlib and pyvis load only when drawing.
"""
