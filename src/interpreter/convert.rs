//! Conversions between Rust values and Lua values.
//!
//! Numbers follow Lua's coercions: a float with an exact integer value converts to an integer,
//! numeric strings convert to numbers and numbers to strings (formatted as lua5.4 does), and
//! `bool` takes Lua truthiness. Multi-value forms cover `()`, single values, tuples and
//! [`MultiValue`].

use super::{MultiValue, VmContext};
use crate::errors::RuntimeError;
use crate::storage::Storage;
use crate::value::number::{format_float, format_integer};
use crate::value::numeral::{Number, str_to_number};
use crate::value::{
    CoroutineRef, FunctionRef, HostDataRef, StringRef, TableRef, Value, float_to_integer,
};

/// Converts a Rust value into a Lua value (strings are interned, hence the context).
pub trait IntoValue {
    /// Performs the conversion.
    fn into_value<S: Storage>(self, ctx: &mut VmContext<'_, S>) -> Result<Value, RuntimeError>;
}

/// Converts a Lua value into a Rust value.
pub trait FromValue: Sized {
    /// Performs the conversion.
    fn from_value<S: Storage>(
        value: Value,
        ctx: &mut VmContext<'_, S>,
    ) -> Result<Self, RuntimeError>;
}

/// Converts a Rust value into a list of Lua values (arguments or results).
pub trait IntoMulti {
    /// Performs the conversion.
    fn into_multi<S: Storage>(self, ctx: &mut VmContext<'_, S>)
    -> Result<MultiValue, RuntimeError>;
}

/// Converts a list of Lua values into a Rust value; missing values read as nil, extra values
/// are ignored (Lua's adjustment).
pub trait FromMulti: Sized {
    /// Performs the conversion.
    fn from_multi<S: Storage>(
        values: MultiValue,
        ctx: &mut VmContext<'_, S>,
    ) -> Result<Self, RuntimeError>;

    /// Converts a function's arguments: like [`from_multi`](Self::from_multi), but a value
    /// that does not convert is reported as lua5.4's `bad argument #N to 'NAME' (number
    /// expected, got string)` (the interpreter supplies the name from the call site).
    fn from_args<S: Storage>(
        values: MultiValue,
        ctx: &mut VmContext<'_, S>,
    ) -> Result<Self, RuntimeError> {
        Self::from_multi(values, ctx)
    }
}

/// Rewrites a conversion error of argument `index` (0-based) as a `BadArgument` error.
fn argument_error(index: usize, present: bool, error: RuntimeError) -> RuntimeError {
    let message = match error {
        RuntimeError::TypeMismatch { expected, found } => {
            let found = if present { found } else { "no value" };
            format!("{expected} expected, got {found}")
        }
        RuntimeError::NoIntegerRepresentation | RuntimeError::IntegerOutOfRange { .. } => {
            error.to_string()
        }
        other => return other,
    };
    RuntimeError::BadArgument {
        argument: index + 1,
        function: "?".to_owned(),
        message,
    }
}

impl IntoValue for Value {
    fn into_value<S: Storage>(self, _: &mut VmContext<'_, S>) -> Result<Value, RuntimeError> {
        Ok(self)
    }
}

impl FromValue for Value {
    fn from_value<S: Storage>(
        value: Value,
        _: &mut VmContext<'_, S>,
    ) -> Result<Self, RuntimeError> {
        Ok(value)
    }
}

impl IntoValue for bool {
    fn into_value<S: Storage>(self, _: &mut VmContext<'_, S>) -> Result<Value, RuntimeError> {
        Ok(Value::Bool(self))
    }
}

/// Lua truthiness: `nil` and `false` are false, everything else is true.
impl FromValue for bool {
    fn from_value<S: Storage>(
        value: Value,
        _: &mut VmContext<'_, S>,
    ) -> Result<Self, RuntimeError> {
        Ok(value.is_truthy())
    }
}

/// The number a value converts to under Lua's coercion rules, if any.
fn to_number<S: Storage>(value: Value, ctx: &VmContext<'_, S>) -> Result<Number, RuntimeError> {
    match value {
        Value::Integer(i) => Ok(Number::Integer(i)),
        Value::Float(f) => Ok(Number::Float(f)),
        Value::String(s) => {
            str_to_number(ctx.vm.heap.string(s)?.as_bytes()).ok_or(RuntimeError::TypeMismatch {
                expected: "number",
                found: "string",
            })
        }
        other => Err(RuntimeError::TypeMismatch {
            expected: "number",
            found: other.type_name(),
        }),
    }
}

/// Lua's integer conversion (`lua_tointeger`): exact floats and numeric strings are accepted.
fn to_integer<S: Storage>(value: Value, ctx: &VmContext<'_, S>) -> Result<i64, RuntimeError> {
    match to_number(value, ctx)? {
        Number::Integer(i) => Ok(i),
        Number::Float(f) => float_to_integer(f).ok_or(RuntimeError::NoIntegerRepresentation),
    }
}

macro_rules! integer_conversions {
    ($($ty:ty),*) => {$(
        impl IntoValue for $ty {
            fn into_value<S: Storage>(self, _: &mut VmContext<'_, S>) -> Result<Value, RuntimeError> {
                // Integers beyond i64 become floats, as Lua would represent them.
                Ok(match i64::try_from(self) {
                    Ok(i) => Value::Integer(i),
                    Err(_) => Value::Float(self as f64),
                })
            }
        }

        impl FromValue for $ty {
            fn from_value<S: Storage>(
                value: Value,
                ctx: &mut VmContext<'_, S>,
            ) -> Result<Self, RuntimeError> {
                let i = to_integer(value, ctx)?;
                <$ty>::try_from(i).map_err(|_| RuntimeError::IntegerOutOfRange {
                    value: i128::from(i),
                    target: stringify!($ty),
                })
            }
        }
    )*};
}

integer_conversions!(i8, i16, i32, i64, isize, u8, u16, u32, u64, usize);

macro_rules! float_conversions {
    ($($ty:ty),*) => {$(
        impl IntoValue for $ty {
            fn into_value<S: Storage>(self, _: &mut VmContext<'_, S>) -> Result<Value, RuntimeError> {
                Ok(Value::Float(f64::from(self)))
            }
        }

        impl FromValue for $ty {
            fn from_value<S: Storage>(
                value: Value,
                ctx: &mut VmContext<'_, S>,
            ) -> Result<Self, RuntimeError> {
                Ok(match to_number(value, ctx)? {
                    Number::Integer(i) => i as $ty,
                    Number::Float(f) => f as $ty,
                })
            }
        }
    )*};
}

float_conversions!(f32, f64);

impl IntoValue for &str {
    fn into_value<S: Storage>(self, ctx: &mut VmContext<'_, S>) -> Result<Value, RuntimeError> {
        Ok(Value::String(ctx.create_string(self)))
    }
}

impl IntoValue for String {
    fn into_value<S: Storage>(self, ctx: &mut VmContext<'_, S>) -> Result<Value, RuntimeError> {
        self.as_str().into_value(ctx)
    }
}

impl IntoValue for &String {
    fn into_value<S: Storage>(self, ctx: &mut VmContext<'_, S>) -> Result<Value, RuntimeError> {
        self.as_str().into_value(ctx)
    }
}

/// Strings must be UTF-8; numbers are formatted as lua5.4's `tostring` does.
impl FromValue for String {
    fn from_value<S: Storage>(
        value: Value,
        ctx: &mut VmContext<'_, S>,
    ) -> Result<Self, RuntimeError> {
        match value {
            Value::String(s) => Ok(s.to_str(ctx)?.to_owned()),
            Value::Integer(i) => Ok(format_integer(i)),
            Value::Float(f) => Ok(format_float(f)),
            other => Err(RuntimeError::TypeMismatch {
                expected: "string",
                found: other.type_name(),
            }),
        }
    }
}

/// Numbers are converted to their string form, as Lua's `lua_tolstring` does.
impl FromValue for StringRef {
    fn from_value<S: Storage>(
        value: Value,
        ctx: &mut VmContext<'_, S>,
    ) -> Result<Self, RuntimeError> {
        match value {
            Value::String(s) => Ok(s),
            Value::Integer(i) => Ok(ctx.create_string(format_integer(i))),
            Value::Float(f) => Ok(ctx.create_string(format_float(f))),
            other => Err(RuntimeError::TypeMismatch {
                expected: "string",
                found: other.type_name(),
            }),
        }
    }
}

macro_rules! ref_conversions {
    ($($ty:ident => $variant:ident, $name:literal;)*) => {$(
        impl IntoValue for $ty {
            fn into_value<S: Storage>(self, _: &mut VmContext<'_, S>) -> Result<Value, RuntimeError> {
                Ok(Value::$variant(self))
            }
        }
    )*};
}

ref_conversions! {
    StringRef => String, "string";
    TableRef => Table, "table";
    FunctionRef => Function, "function";
    CoroutineRef => Coroutine, "thread";
    HostDataRef => HostData, "userdata";
}

macro_rules! ref_from_value {
    ($($ty:ident => $variant:ident, $name:literal;)*) => {$(
        impl FromValue for $ty {
            fn from_value<S: Storage>(
                value: Value,
                _: &mut VmContext<'_, S>,
            ) -> Result<Self, RuntimeError> {
                match value {
                    Value::$variant(r) => Ok(r),
                    other => Err(RuntimeError::TypeMismatch {
                        expected: $name,
                        found: other.type_name(),
                    }),
                }
            }
        }
    )*};
}

ref_from_value! {
    TableRef => Table, "table";
    FunctionRef => Function, "function";
    CoroutineRef => Coroutine, "thread";
    HostDataRef => HostData, "userdata";
}

impl<T: IntoValue> IntoValue for Option<T> {
    fn into_value<S: Storage>(self, ctx: &mut VmContext<'_, S>) -> Result<Value, RuntimeError> {
        match self {
            Some(value) => value.into_value(ctx),
            None => Ok(Value::Nil),
        }
    }
}

/// `nil` is `None`; anything else must convert to `T`.
impl<T: FromValue> FromValue for Option<T> {
    fn from_value<S: Storage>(
        value: Value,
        ctx: &mut VmContext<'_, S>,
    ) -> Result<Self, RuntimeError> {
        match value {
            Value::Nil => Ok(None),
            value => T::from_value(value, ctx).map(Some),
        }
    }
}

impl<T: IntoValue> IntoMulti for T {
    fn into_multi<S: Storage>(
        self,
        ctx: &mut VmContext<'_, S>,
    ) -> Result<MultiValue, RuntimeError> {
        let mut values = MultiValue::new();
        values.push_back(self.into_value(ctx)?);
        Ok(values)
    }
}

/// The first value (nil if there is none).
impl<T: FromValue> FromMulti for T {
    fn from_multi<S: Storage>(
        mut values: MultiValue,
        ctx: &mut VmContext<'_, S>,
    ) -> Result<Self, RuntimeError> {
        T::from_value(values.pop_front(), ctx)
    }

    fn from_args<S: Storage>(
        mut values: MultiValue,
        ctx: &mut VmContext<'_, S>,
    ) -> Result<Self, RuntimeError> {
        let present = !values.is_empty();
        T::from_value(values.pop_front(), ctx).map_err(|e| argument_error(0, present, e))
    }
}

impl IntoMulti for () {
    fn into_multi<S: Storage>(self, _: &mut VmContext<'_, S>) -> Result<MultiValue, RuntimeError> {
        Ok(MultiValue::new())
    }
}

impl FromMulti for () {
    fn from_multi<S: Storage>(
        _: MultiValue,
        _: &mut VmContext<'_, S>,
    ) -> Result<Self, RuntimeError> {
        Ok(())
    }
}

impl IntoMulti for MultiValue {
    fn into_multi<S: Storage>(self, _: &mut VmContext<'_, S>) -> Result<MultiValue, RuntimeError> {
        Ok(self)
    }
}

impl FromMulti for MultiValue {
    fn from_multi<S: Storage>(
        values: MultiValue,
        _: &mut VmContext<'_, S>,
    ) -> Result<Self, RuntimeError> {
        Ok(values)
    }
}

macro_rules! tuple_conversions {
    ($($name:ident),+) => {
        impl<$($name: IntoValue),+> IntoMulti for ($($name,)+) {
            #[allow(non_snake_case)]
            fn into_multi<S: Storage>(
                self,
                ctx: &mut VmContext<'_, S>,
            ) -> Result<MultiValue, RuntimeError> {
                let ($($name,)+) = self;
                let mut values = MultiValue::new();
                $(values.push_back($name.into_value(ctx)?);)+
                Ok(values)
            }
        }

        impl<$($name: FromValue),+> FromMulti for ($($name,)+) {
            fn from_multi<S: Storage>(
                values: MultiValue,
                ctx: &mut VmContext<'_, S>,
            ) -> Result<Self, RuntimeError> {
                let mut values = values.into_iter();
                Ok(($($name::from_value(values.next().unwrap_or_default(), ctx)?,)+))
            }

            fn from_args<S: Storage>(
                values: MultiValue,
                ctx: &mut VmContext<'_, S>,
            ) -> Result<Self, RuntimeError> {
                let count = values.len();
                let mut values = values.into_iter();
                let mut index = 0;
                let mut next = || {
                    index += 1;
                    (index - 1, values.next().unwrap_or_default())
                };
                Ok(($({
                    let (i, value) = next();
                    $name::from_value(value, ctx).map_err(|e| argument_error(i, i < count, e))?
                },)+))
            }
        }
    };
}

tuple_conversions!(A);
tuple_conversions!(A, B);
tuple_conversions!(A, B, C);
tuple_conversions!(A, B, C, D);
tuple_conversions!(A, B, C, D, E);
tuple_conversions!(A, B, C, D, E, F);
tuple_conversions!(A, B, C, D, E, F, G);
tuple_conversions!(A, B, C, D, E, F, G, H);
tuple_conversions!(A, B, C, D, E, F, G, H, I);
tuple_conversions!(A, B, C, D, E, F, G, H, I, J);
tuple_conversions!(A, B, C, D, E, F, G, H, I, J, K);
tuple_conversions!(A, B, C, D, E, F, G, H, I, J, K, L);
