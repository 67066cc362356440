using System.Runtime.InteropServices;
using OrleansGov.Client;

// Ctrl-C / SIGTERM cancel the run gracefully (manifest status "cancelled", exit code 130);
// a second Ctrl-C or SIGTERM ends the process at once.
using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = !cancellation.IsCancellationRequested;
    cancellation.Cancel();
};
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
{
    context.Cancel = !cancellation.IsCancellationRequested; // not cancelled: the default action ends the process
    cancellation.Cancel();
});
// A file-size limit (ulimit -f) must fail the write that crosses it, not kill the process (SIGXFSZ's
// default), so the run is recorded as failed with the error (issue 14 item 3). 25 is SIGXFSZ on Linux and macOS.
using var fileSizeLimit = OperatingSystem.IsWindows() ? null : PosixSignalRegistration.Create((PosixSignal)25, context => context.Cancel = true);
return await CliApp.RunAsync(args, CliContext.ForProcess(), cancellation.Token);
