//! Background tasks: work that runs after the response has been handed to the server.
//!
//! As in Starlette, a response can carry a [`BackgroundTask`] or an ordered
//! [`BackgroundTasks`] list. The [`Body`](crate::Body) runs them once its last byte has
//! been handed to the server (docs/behaviour.md §11):
//!
//! * in order, one after the other, once;
//! * an error (or a panic) in one task stops the rest and is reported — to the handler
//!   set with [`BackgroundTasks::on_error`], or else as a `tracing` error event — and never
//!   changes the response, which is already on its way;
//! * not at all when the body fails or the client goes away before the body was sent.
//!
//! They are spawned on the current Tokio runtime; outside one, on a thread of their own.

use std::fmt;
use std::future::Future;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll, Wake, Waker};

use crate::error::{BoxError, Error, ErrorKind};

type TaskFuture = Pin<Box<dyn Future<Output = Result<(), BoxError>> + Send + 'static>>;
type ErrorHandler = Arc<dyn Fn(&Error) + Send + Sync + 'static>;

/// What a task may return: `()`, or a `Result` whose error is reported.
///
/// # Examples
///
/// ```
/// use responses::BackgroundTask;
///
/// let ok = BackgroundTask::new(async {});
/// let fallible = BackgroundTask::new(async { Err::<(), _>(std::io::Error::other("down")) });
/// # let _ = (ok, fallible);
/// ```
pub trait TaskOutput: Send + 'static {
    /// Converts the task's output into a result.
    fn into_result(self) -> Result<(), BoxError>;
}

impl TaskOutput for () {
    fn into_result(self) -> Result<(), BoxError> {
        Ok(())
    }
}

impl<E: Into<BoxError> + Send + 'static> TaskOutput for Result<(), E> {
    fn into_result(self) -> Result<(), BoxError> {
        self.map_err(Into::into)
    }
}

enum Work {
    Async(TaskFuture),
    Blocking(Box<dyn FnOnce() -> Result<(), BoxError> + Send + 'static>),
}

/// One unit of background work: a future, or a blocking function (which runs on Tokio's
/// blocking pool, as Starlette runs plain functions in a thread).
///
/// # Examples
///
/// ```
/// use std::sync::{Arc, Mutex};
/// use responses::{BackgroundTask, PlainTextResponse};
///
/// let log = Arc::new(Mutex::new(Vec::new()));
/// let l = log.clone();
/// let task = BackgroundTask::new(async move {
///     l.lock().unwrap().push("sent a welcome e-mail");
/// });
/// let response = PlainTextResponse::new("signed up").with_background(task);
/// # let _ = response;
/// ```
pub struct BackgroundTask {
    name: Option<String>,
    work: Work,
}

impl BackgroundTask {
    /// A task that awaits `future`. The future does nothing until the task runs.
    ///
    /// # Examples
    ///
    /// ```
    /// let task = responses::BackgroundTask::new(async { println!("after the response") });
    /// # let _ = task;
    /// ```
    pub fn new<F>(future: F) -> Self
    where
        F: Future + Send + 'static,
        F::Output: TaskOutput,
    {
        BackgroundTask {
            name: None,
            work: Work::Async(Box::pin(async move { future.await.into_result() })),
        }
    }

    /// A task that calls a blocking function (on Tokio's blocking pool when there is a
    /// runtime).
    ///
    /// # Examples
    ///
    /// ```
    /// let task = responses::BackgroundTask::blocking(|| std::fs::remove_file("/tmp/upload.part"));
    /// # let _ = task;
    /// ```
    pub fn blocking<F, R>(f: F) -> Self
    where
        F: FnOnce() -> R + Send + 'static,
        R: TaskOutput,
    {
        BackgroundTask {
            name: None,
            work: Work::Blocking(Box::new(move || f().into_result())),
        }
    }

    /// Names the task in error reports.
    ///
    /// # Examples
    ///
    /// ```
    /// let task = responses::BackgroundTask::new(async {}).named("audit log");
    /// assert_eq!(task.name(), Some("audit log"));
    /// ```
    #[must_use]
    pub fn named(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// The task's name, if it has one.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(responses::BackgroundTask::new(async {}).name(), None);
    /// ```
    pub fn name(&self) -> Option<&str> {
        self.name.as_deref()
    }

    async fn run(self) -> Result<(), BoxError> {
        match self.work {
            Work::Async(future) => CatchUnwind(future).await,
            Work::Blocking(f) => run_blocking(f).await,
        }
    }
}

async fn run_blocking(
    f: Box<dyn FnOnce() -> Result<(), BoxError> + Send + 'static>,
) -> Result<(), BoxError> {
    let call = move || match catch_unwind(AssertUnwindSafe(f)) {
        Ok(result) => result,
        Err(panic) => Err(panic_error(&*panic)),
    };
    match tokio::runtime::Handle::try_current() {
        Ok(handle) => match handle.spawn_blocking(call).await {
            Ok(result) => result,
            Err(join) => Err(Box::new(join)),
        },
        Err(_) => call(),
    }
}

fn panic_error(panic: &(dyn std::any::Any + Send)) -> BoxError {
    let message = panic
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic payload".to_owned());
    format!("task panicked: {message}").into()
}

/// Polls a future, turning a panic into an error.
struct CatchUnwind(TaskFuture);

impl Future for CatchUnwind {
    type Output = Result<(), BoxError>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let future = &mut self.0;
        match catch_unwind(AssertUnwindSafe(|| future.as_mut().poll(cx))) {
            Ok(poll) => poll,
            Err(panic) => Poll::Ready(Err(panic_error(&*panic))),
        }
    }
}

impl fmt::Debug for BackgroundTask {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.work {
            Work::Async(_) => "async",
            Work::Blocking(_) => "blocking",
        };
        f.debug_struct("BackgroundTask")
            .field("name", &self.name)
            .field("kind", &kind)
            .finish()
    }
}

/// An ordered list of [`BackgroundTask`]s (Starlette's `BackgroundTasks`).
///
/// # Examples
///
/// ```
/// use responses::{BackgroundTask, BackgroundTasks};
///
/// let mut tasks = BackgroundTasks::new();
/// tasks.add_task(BackgroundTask::new(async { /* first */ }));
/// tasks.add_task(BackgroundTask::new(async { /* second */ }));
/// assert_eq!(tasks.len(), 2);
/// ```
#[derive(Default)]
pub struct BackgroundTasks {
    tasks: Vec<BackgroundTask>,
    on_error: Option<ErrorHandler>,
}

impl BackgroundTasks {
    /// An empty list.
    ///
    /// # Examples
    ///
    /// ```
    /// assert!(responses::BackgroundTasks::new().is_empty());
    /// ```
    pub fn new() -> Self {
        BackgroundTasks::default()
    }

    /// Appends a task (Starlette's `add_task`).
    ///
    /// # Examples
    ///
    /// ```
    /// let mut tasks = responses::BackgroundTasks::new();
    /// tasks.add_task(responses::BackgroundTask::new(async {}));
    /// assert_eq!(tasks.len(), 1);
    /// ```
    pub fn add_task(&mut self, task: BackgroundTask) -> &mut Self {
        self.tasks.push(task);
        self
    }

    /// Appends a task, builder style.
    ///
    /// # Examples
    ///
    /// ```
    /// use responses::{BackgroundTask, BackgroundTasks};
    ///
    /// let tasks = BackgroundTasks::new()
    ///     .with_task(BackgroundTask::new(async {}))
    ///     .with_task(BackgroundTask::blocking(|| ()));
    /// assert_eq!(tasks.len(), 2);
    /// ```
    #[must_use]
    pub fn with_task(mut self, task: BackgroundTask) -> Self {
        self.tasks.push(task);
        self
    }

    /// Appends every task of `other`, after this list's own.
    ///
    /// # Examples
    ///
    /// ```
    /// use responses::{BackgroundTask, BackgroundTasks};
    ///
    /// let mut a = BackgroundTasks::from(BackgroundTask::new(async {}));
    /// a.extend(BackgroundTasks::from(BackgroundTask::new(async {})));
    /// assert_eq!(a.len(), 2);
    /// ```
    pub fn extend(&mut self, other: BackgroundTasks) {
        self.tasks.extend(other.tasks);
        if self.on_error.is_none() {
            self.on_error = other.on_error;
        }
    }

    /// Sets what is called with the error of a failed task when the tasks run after a
    /// response. Without it, the error is reported as a `tracing` event at `ERROR` level.
    ///
    /// # Examples
    ///
    /// ```
    /// use responses::{BackgroundTask, BackgroundTasks};
    ///
    /// let tasks = BackgroundTasks::from(BackgroundTask::new(async { Err::<(), _>("boom") }))
    ///     .on_error(|err| eprintln!("background: {err}"));
    /// # let _ = tasks;
    /// ```
    #[must_use]
    pub fn on_error(mut self, handler: impl Fn(&Error) + Send + Sync + 'static) -> Self {
        self.on_error = Some(Arc::new(handler));
        self
    }

    /// The number of tasks.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(responses::BackgroundTasks::new().len(), 0);
    /// ```
    pub fn len(&self) -> usize {
        self.tasks.len()
    }

    /// Whether there are no tasks.
    ///
    /// # Examples
    ///
    /// ```
    /// assert!(responses::BackgroundTasks::default().is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.tasks.is_empty()
    }

    /// Runs the tasks in order, stopping at the first error, which is returned (and not
    /// passed to the [`on_error`](BackgroundTasks::on_error) handler).
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Background`] naming the task (by name or position) and its error.
    ///
    /// # Examples
    ///
    /// ```
    /// use responses::{BackgroundTask, BackgroundTasks};
    ///
    /// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
    /// let tasks = BackgroundTasks::new()
    ///     .with_task(BackgroundTask::new(async {}))
    ///     .with_task(BackgroundTask::new(async { Err::<(), _>("boom") }).named("mailer"))
    ///     .with_task(BackgroundTask::new(async { println!("not reached") }));
    /// let err = tasks.run().await.unwrap_err();
    /// assert_eq!(err.to_string(), "background task failed: task 2 of 3 (mailer): boom");
    /// # });
    /// ```
    pub async fn run(self) -> Result<(), Error> {
        let total = self.tasks.len();
        for (i, task) in self.tasks.into_iter().enumerate() {
            let name = task.name.clone();
            if let Err(source) = task.run().await {
                let who = match name {
                    Some(name) => format!("task {} of {total} ({name})", i + 1),
                    None => format!("task {} of {total}", i + 1),
                };
                return Err(Error::with_source(
                    ErrorKind::Background,
                    format!("{who}: {source}"),
                    source,
                ));
            }
        }
        Ok(())
    }

    /// Runs the tasks and reports an error to the handler (or `tracing`).
    async fn run_and_report(self) {
        let handler = self.on_error.clone();
        if let Err(err) = self.run().await {
            match handler {
                Some(handler) => handler(&err),
                None => tracing::error!(error = %err, "background task failed"),
            }
        }
    }

    /// Starts the tasks without waiting for them: on the current Tokio runtime, or on a
    /// new thread when there is none. This is what a [`Body`](crate::Body) does once it
    /// has been sent.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::sync::mpsc;
    /// use responses::{BackgroundTask, BackgroundTasks};
    ///
    /// let (tx, rx) = mpsc::channel();
    /// BackgroundTasks::from(BackgroundTask::new(async move { tx.send(1).unwrap() })).spawn();
    /// assert_eq!(rx.recv().unwrap(), 1);
    /// ```
    pub fn spawn(self) {
        if self.tasks.is_empty() {
            return;
        }
        match tokio::runtime::Handle::try_current() {
            Ok(handle) => {
                handle.spawn(self.run_and_report());
            }
            Err(_) => {
                let spawned = std::thread::Builder::new()
                    .name("responses-background".into())
                    .spawn(move || block_on(self.run_and_report()));
                if let Err(err) = spawned {
                    tracing::error!(error = %err, "could not start a thread for background tasks");
                }
            }
        }
    }
}

impl From<BackgroundTask> for BackgroundTasks {
    fn from(task: BackgroundTask) -> Self {
        BackgroundTasks {
            tasks: vec![task],
            on_error: None,
        }
    }
}

impl FromIterator<BackgroundTask> for BackgroundTasks {
    fn from_iter<I: IntoIterator<Item = BackgroundTask>>(iter: I) -> Self {
        BackgroundTasks {
            tasks: iter.into_iter().collect(),
            on_error: None,
        }
    }
}

impl fmt::Debug for BackgroundTasks {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BackgroundTasks")
            .field("tasks", &self.tasks)
            .field("on_error", &self.on_error.is_some())
            .finish()
    }
}

/// Runs a future to completion on this thread (for tasks outside a Tokio runtime).
fn block_on<F: Future>(future: F) -> F::Output {
    struct ThreadWaker(std::thread::Thread);
    impl Wake for ThreadWaker {
        fn wake(self: Arc<Self>) {
            self.0.unpark();
        }
    }
    let waker = Waker::from(Arc::new(ThreadWaker(std::thread::current())));
    let mut cx = Context::from_waker(&waker);
    let mut future = std::pin::pin!(future);
    loop {
        if let Poll::Ready(out) = future.as_mut().poll(&mut cx) {
            return out;
        }
        std::thread::park();
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Mutex;

    use super::*;

    fn recorder() -> (Arc<Mutex<Vec<String>>>, impl Fn(&str) -> BackgroundTask) {
        let log = Arc::new(Mutex::new(Vec::new()));
        let l = log.clone();
        let make = move |s: &str| {
            let l = l.clone();
            let s = s.to_owned();
            BackgroundTask::new(async move { l.lock().unwrap().push(s) })
        };
        (log, make)
    }

    #[tokio::test]
    async fn run_in_order_and_stop_at_the_first_error() {
        let (log, task) = recorder();
        let tasks = BackgroundTasks::new()
            .with_task(task("a"))
            .with_task(task("b"))
            .with_task(BackgroundTask::new(async { Err::<(), _>("boom") }))
            .with_task(task("never"));
        let err = tasks.run().await.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Background);
        assert_eq!(err.to_string(), "background task failed: task 3 of 4: boom");
        assert_eq!(*log.lock().unwrap(), ["a", "b"]);
    }

    #[tokio::test]
    async fn panics_are_errors() {
        let (log, task) = recorder();
        let tasks = BackgroundTasks::new()
            .with_task(BackgroundTask::new(async {
                if true {
                    panic!("oh no")
                }
            }))
            .with_task(task("never"));
        let err = tasks.run().await.unwrap_err();
        assert!(err.to_string().contains("task panicked: oh no"), "{err}");
        let err = BackgroundTasks::from(BackgroundTask::blocking(|| {
            if true {
                panic!("blocking {}", 1)
            }
        }))
        .run()
        .await
        .unwrap_err();
        assert!(
            err.to_string().contains("task panicked: blocking 1"),
            "{err}"
        );
        assert!(log.lock().unwrap().is_empty());
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn blocking_tasks_run_on_the_blocking_pool() {
        let main = std::thread::current().id();
        let (tx, rx) = tokio::sync::oneshot::channel();
        BackgroundTasks::from(BackgroundTask::blocking(move || {
            tx.send(std::thread::current().id()).unwrap();
        }))
        .run()
        .await
        .unwrap();
        assert_ne!(rx.await.unwrap(), main);
    }

    #[test]
    fn spawn_without_a_runtime_reports_errors_to_the_handler() {
        let (tx, rx) = std::sync::mpsc::channel();
        let (log, task) = recorder();
        BackgroundTasks::new()
            .with_task(task("one"))
            .with_task(
                BackgroundTask::new(async { Err::<(), _>(std::io::Error::other("disk full")) })
                    .named("flush"),
            )
            .with_task(task("never"))
            .on_error(move |err| tx.send(err.to_string()).unwrap())
            .spawn();
        let reported = rx.recv_timeout(std::time::Duration::from_secs(10)).unwrap();
        assert_eq!(
            reported,
            "background task failed: task 2 of 3 (flush): disk full"
        );
        assert_eq!(*log.lock().unwrap(), ["one"]);
    }

    #[tokio::test]
    async fn spawn_on_the_runtime() {
        let (tx, rx) = tokio::sync::oneshot::channel();
        BackgroundTasks::from(BackgroundTask::new(async move { tx.send(7).unwrap() })).spawn();
        assert_eq!(rx.await.unwrap(), 7);
    }

    #[test]
    fn extend_keeps_order_and_handler() {
        let (log, task) = recorder();
        let mut a = BackgroundTasks::from(task("1"));
        a.extend(BackgroundTasks::from_iter([task("2"), task("3")]).on_error(|_| {}));
        assert!(a.on_error.is_some());
        block_on(a.run()).unwrap();
        assert_eq!(*log.lock().unwrap(), ["1", "2", "3"]);
    }

    /// A subscriber that keeps the `error` field of every event.
    struct Capture(Arc<Mutex<Vec<String>>>);

    impl tracing::Subscriber for Capture {
        fn enabled(&self, _: &tracing::Metadata<'_>) -> bool {
            true
        }
        fn new_span(&self, _: &tracing::span::Attributes<'_>) -> tracing::span::Id {
            tracing::span::Id::from_u64(1)
        }
        fn record(&self, _: &tracing::span::Id, _: &tracing::span::Record<'_>) {}
        fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}
        fn event(&self, event: &tracing::Event<'_>) {
            struct Visit<'a>(&'a mut Vec<String>, tracing::Level);
            impl tracing::field::Visit for Visit<'_> {
                fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn fmt::Debug) {
                    if field.name() == "error" {
                        self.0.push(format!("{} {value:?}", self.1));
                    }
                }
            }
            let mut seen = self.0.lock().unwrap();
            event.record(&mut Visit(&mut seen, *event.metadata().level()));
        }
        fn enter(&self, _: &tracing::span::Id) {}
        fn exit(&self, _: &tracing::span::Id) {}
    }

    #[test]
    fn errors_without_a_handler_go_to_tracing() {
        let seen = Arc::new(Mutex::new(Vec::new()));
        let tasks = BackgroundTasks::from(BackgroundTask::new(async { Err::<(), _>("boom") }));
        tracing::subscriber::with_default(Capture(seen.clone()), || {
            block_on(tasks.run_and_report())
        });
        assert_eq!(
            *seen.lock().unwrap(),
            ["ERROR background task failed: task 1 of 1: boom"]
        );
    }
}
