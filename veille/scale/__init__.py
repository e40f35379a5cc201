"""Running the pipeline on many cores and many machines.

:mod:`veille.scale.workers` runs extraction and the stages in worker
processes on one machine (``--workers``); :mod:`veille.scale.ray_job` runs
the same pipeline on Ray Data (the optional ``ray`` extra) and writes
Parquet that ``veille load`` brings into a store.
"""
