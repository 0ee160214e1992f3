// Each test starts its own farm of processes; on a 2-core machine they run one at a time so lease timings hold.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
