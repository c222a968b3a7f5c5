goto
nowhere
