"""Built-in renderers (registered through entry points like a third party's).

The package is called ``renderers``, not ``render``: a subpackage named like the
function :func:`argmap.render` would replace that function as an attribute of
``argmap`` the moment it is imported.
"""
