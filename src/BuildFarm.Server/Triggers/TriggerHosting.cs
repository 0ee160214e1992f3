using BuildFarm.Grains.Triggers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace BuildFarm.Server.Triggers;

/// <summary>Wires triggers and secrets: poll timing, the mirrors folder, the secret key, and the waker.</summary>
public static class TriggerHosting
{
    public static void AddTriggers(this IHostApplicationBuilder builder, FarmServerOptions options)
    {
        var data = Path.GetFullPath(options.DataDirectory);
        builder.Services.Configure<TriggerOptions>(o =>
        {
            o.PollInterval = options.PollInterval;
            o.MirrorDirectory = Path.Combine(data, "mirrors");
            // Reminders only wake pollers and schedules after an activation is lost; timers do the timing.
            o.ReminderPeriod = TimeSpan.FromMinutes(1);
        });
        builder.Services.AddSingleton(SecretKeys.CipherFor(options));
        builder.Services.AddHostedService<TriggerWaker>();
    }
}
