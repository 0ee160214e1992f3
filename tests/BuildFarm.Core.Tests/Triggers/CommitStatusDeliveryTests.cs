using BuildFarm.Core.Triggers;

namespace BuildFarm.Core.Tests.Triggers;

public sealed class CommitStatusDeliveryTests
{
    [Theory]
    [InlineData(1, null, 2)]
    [InlineData(2, 503, 4)]
    [InlineData(3, 500, 8)]
    [InlineData(4, 429, 16)]
    [InlineData(5, 408, 32)]
    [InlineData(9, null, 300)] // capped at five minutes
    public void An_endpoint_that_is_down_or_busy_is_tried_again_after_a_growing_wait(int attempts, int? httpStatus, int seconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(seconds), CommitStatusDelivery.NextWait(attempts, httpStatus));
    }

    [Theory]
    [InlineData(1, 401)]
    [InlineData(1, 404)]
    [InlineData(1, 422)]
    [InlineData(CommitStatusDelivery.MaxAttempts, 503)]
    [InlineData(CommitStatusDelivery.MaxAttempts, null)]
    public void A_request_the_endpoint_calls_wrong_or_the_last_attempt_is_given_up(int attempts, int? httpStatus)
    {
        Assert.Null(CommitStatusDelivery.NextWait(attempts, httpStatus));
    }
}
