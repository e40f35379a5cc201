"""Events: finding PLOVER events in an article, their arguments, modality and codes.

:mod:`veille.events.codes` holds the ontology: the PLOVER event types and modes,
their quad classes and the crosswalk to CAMEO codes used by exports.
"""
