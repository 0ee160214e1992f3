// Each test starts its own cluster of processes; on a 2-core machine they run one at a time so lease timings hold.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
