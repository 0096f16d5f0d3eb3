package io.vecbox.bench;

/**
 * How much data and how many iterations a run uses: {@link #FULL} is the setup
 * (100,000 vectors), {@link #QUICK} a smoke run of a minute or two with rough numbers.
 *
 * @param rows vectors in {@code vecs} and rows in {@code items}
 * @param microWarmup untimed calls per side before the {@code select 1} and PK rounds
 * @param microRounds rounds of the {@code select 1} and PK cases
 * @param microPerRound timed calls per side per round
 * @param gateSamples samples of the statement gate, each the mean of 1,000 calls
 * @param bulkRounds rounds of the bulk load, one 1,000-row transaction per side each
 * @param blobRounds rounds of the large-result case
 * @param knnRounds rounds of the single-client KNN case
 * @param knnPerRound KNN queries per side per round
 * @param throughputRounds rounds of the KNN throughput case
 * @param throughputMillis how long each side runs in a throughput round
 * @param lifecycleRuns pools built (and worker starts, RSS readings)
 * @param cliRuns one-shot {@code vecbox query} runs
 * @param kills readers and writers killed in the failover cases
 * @param killGapMillis least time between two kills of the same role
 */
record Sizes(int rows, int microWarmup, int microRounds, int microPerRound, int gateSamples, int bulkRounds,
             int blobRounds, int knnRounds, int knnPerRound, int throughputRounds, long throughputMillis,
             int lifecycleRuns, int cliRuns, int kills, long killGapMillis) {
    static final Sizes FULL = new Sizes(100_000, 5_000, 10, 1_000, 300, 40, 20, 10, 3, 5, 4_000, 5, 3, 5, 1_500);
    static final Sizes QUICK = new Sizes(10_000, 2_000, 5, 300, 100, 3, 3, 5, 4, 1, 1_500, 2, 1, 2, 500);

    static Sizes of(boolean quick) {
        return quick ? QUICK : FULL;
    }
}
