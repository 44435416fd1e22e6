"""The PEM 2014-2018 (Programa Especial de Migración): the actions for 2015 and for 2018.

One package for both documents: they state one scheme (objectives, strategies, lines of
action) in one shape (`shape`), share text repair and an action's triples (`common`), and
their two statements of the scheme are reconciled into one (`scheme`).
"""
