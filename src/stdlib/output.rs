//! Where `print` and `warn` write: standard output / standard error by default, or a sink the
//! host installs.
//!
//! A sink receives exactly the bytes lua5.4's standalone interpreter would write: one call per
//! `print` with the whole line (arguments joined by tabs, ending in `\n`), and one call per
//! emitted warning with `Lua warning: `, the message and `\n`. The sinks are host output, not
//! VM state: every snapshot of a VM shares them. Whether warnings are on is VM state (lua5.4's
//! `@on`/`@off` control messages), so it is cloned with the VM and rolled back with it.

use crate::interpreter::VmContext;
use crate::shared::{MaybeSendSync, Shared};
use crate::storage::Storage;
use std::io::Write;

/// A host sink for `print` or `warn` output (`Send + Sync` with the `send` feature).
trait OutputSink: Fn(&[u8]) + MaybeSendSync {}

impl<F: Fn(&[u8]) + MaybeSendSync> OutputSink for F {}

/// Output configuration of a VM.
#[derive(Clone, Default)]
pub(crate) struct Output {
    /// `print`'s sink; `None`: standard output.
    print: Option<Shared<dyn OutputSink>>,
    /// `warn`'s sink; `None`: standard error.
    warn: Option<Shared<dyn OutputSink>>,
    /// Whether warnings are emitted (off at start, as in lua5.4's standalone interpreter).
    pub(crate) warnings_on: bool,
}

impl Output {
    /// Writes one `print` line (already ending in `\n`).
    pub(crate) fn print(&self, line: &[u8]) {
        match &self.print {
            Some(sink) => sink(line),
            None => {
                let mut out = std::io::stdout().lock();
                // Like lua5.4, a failed write to stdout is not a Lua error.
                let _ = out.write_all(line).and_then(|()| out.flush());
            }
        }
    }

    /// `warn(pieces...)` as lua5.4's `lua_warning` with lauxlib's warning function: a message
    /// made of one piece starting with `@` is a control message (`@on`, `@off`; others are
    /// ignored); any other message is emitted when warnings are on. Like lua5.4, which handles
    /// the pieces as C strings, each piece ends at its first zero byte.
    pub(crate) fn warn(&mut self, pieces: &[&[u8]]) {
        let c_string = |piece: &[u8]| -> Vec<u8> {
            let end = piece.iter().position(|&b| b == 0).unwrap_or(piece.len());
            piece[..end].to_vec()
        };
        if let [piece] = pieces
            && let Some(control) = c_string(piece).strip_prefix(b"@")
        {
            match control {
                b"on" => self.warnings_on = true,
                b"off" => self.warnings_on = false,
                _ => {}
            }
            return;
        }
        if !self.warnings_on {
            return;
        }
        let mut text = b"Lua warning: ".to_vec();
        for piece in pieces {
            text.extend(c_string(piece));
        }
        text.push(b'\n');
        match &self.warn {
            Some(sink) => sink(&text),
            None => {
                let mut err = std::io::stderr().lock();
                let _ = err.write_all(&text).and_then(|()| err.flush());
            }
        }
    }
}

impl<S: Storage> VmContext<'_, S> {
    /// Sends `print`'s output to `sink` instead of standard output.
    ///
    /// The sink receives each printed line whole: the arguments converted as by `tostring`,
    /// separated by tabs, ending in `\n`. It is shared by every snapshot of this VM (it is
    /// host output, not VM state), so it should not keep state that a rollback would need to
    /// undo. With the `send` feature it must be `Send + Sync`.
    ///
    /// ```
    /// use red_moon::interpreter::Vm;
    /// use std::sync::{Arc, Mutex};
    ///
    /// let mut vm = Vm::default();
    /// let ctx = &mut vm.context();
    /// ctx.open_base_library();
    /// let lines = Arc::new(Mutex::new(Vec::new()));
    /// let sink = Arc::clone(&lines);
    /// ctx.set_print_sink(move |line: &[u8]| sink.lock().unwrap().extend_from_slice(line));
    /// let f = ctx.load("print('score', 10)", "=example").unwrap();
    /// f.call::<_, ()>((), ctx).unwrap();
    /// assert_eq!(&*lines.lock().unwrap(), b"score\t10\n");
    /// ```
    pub fn set_print_sink<F>(&mut self, sink: F)
    where
        F: Fn(&[u8]) + MaybeSendSync + 'static,
    {
        self.vm.output.print = Some(Shared::new(sink));
    }

    /// Sends emitted warnings to `sink` instead of standard error.
    ///
    /// The sink receives each warning whole, as lua5.4 writes it: `Lua warning: `, the
    /// concatenated arguments of `warn`, `\n`. Control messages (`@on`, `@off`) and warnings
    /// issued while warnings are off never reach it. Shared by snapshots, like
    /// [`set_print_sink`](Self::set_print_sink).
    pub fn set_warn_sink<F>(&mut self, sink: F)
    where
        F: Fn(&[u8]) + MaybeSendSync + 'static,
    {
        self.vm.output.warn = Some(Shared::new(sink));
    }

    /// Restores the default sinks: `print` to standard output, warnings to standard error.
    pub fn reset_output_sinks(&mut self) {
        self.vm.output.print = None;
        self.vm.output.warn = None;
    }

    /// Turns warnings on or off, as a script's `warn("@on")` / `warn("@off")` does (lua5.4's
    /// `lua -W` starts with them on). They are off in a new VM. The state is VM state:
    /// snapshots carry it.
    pub fn set_warnings(&mut self, on: bool) {
        self.vm.output.warnings_on = on;
    }

    /// Whether warnings are currently emitted.
    pub fn warnings_enabled(&self) -> bool {
        self.vm.output.warnings_on
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Arc, Mutex};

    fn captured(output: &mut Output) -> Arc<Mutex<Vec<u8>>> {
        let text = Arc::new(Mutex::new(Vec::new()));
        let sink = Arc::clone(&text);
        output.warn = Some(Shared::new(move |bytes: &[u8]| {
            sink.lock().unwrap().extend_from_slice(bytes)
        }));
        text
    }

    #[test]
    fn warnings_follow_control_messages() {
        let mut output = Output::default();
        let text = captured(&mut output);
        output.warn(&[b"hidden"]);
        output.warn(&[b"@on"]);
        output.warn(&[b"a", b"b", b"3"]);
        output.warn(&[b"@on", b"x"]);
        output.warn(&[b"@unknown"]);
        output.warn(&[b"zero\0after", b"next"]);
        output.warn(&[b"@off\0junk"]);
        output.warn(&[b"hidden again"]);
        output.warn(&[b"@on"]);
        output.warn(&[b""]);
        assert_eq!(
            String::from_utf8_lossy(&text.lock().unwrap()),
            "Lua warning: ab3\nLua warning: @onx\nLua warning: zeronext\nLua warning: \n"
        );
    }

    #[test]
    fn warning_state_is_cloned() {
        let mut output = Output::default();
        let text = captured(&mut output);
        output.warn(&[b"@on"]);
        let mut snapshot = output.clone();
        output.warn(&[b"@off"]);
        output.warn(&[b"not shown"]);
        snapshot.warn(&[b"shown"]);
        assert_eq!(&*text.lock().unwrap(), b"Lua warning: shown\n");
    }
}
