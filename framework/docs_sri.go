package framework

// docsIntegrity holds the Subresource Integrity hashes (SHA-384, base64) of
// the files the docs pages load from the CDN at the pinned versions above,
// computed from the npm tarballs jsDelivr serves them from. With them the
// browser refuses a file the CDN changed. They are not used for AssetsDir or
// AssetsURL, whose files may be another version. scripts/docs-offline.sh
// recomputes them from npm in CI; change them together with the versions.
type docsIntegrity struct {
	SwaggerCSS, SwaggerJS, RedocJS, ElementsCSS, ElementsJS string
}

var cdnIntegrity = docsIntegrity{
	SwaggerCSS:  "sha384-WlYgdmXYOOBWL5apwjDEZwN+U3HmXSSu5R6V5aGxEcf7z+KuRNwBhoxKVN1i3D5I", // swagger-ui-dist/swagger-ui.css
	SwaggerJS:   "sha384-gjRm0bEPMeTmMh5jT2cHccIwCUZSTd8YC+j0d0sXw0MdGEfScduGpSyF3ZSSLkX9", // swagger-ui-dist/swagger-ui-bundle.js
	RedocJS:     "sha384-w447zOpYfw/1Tv/5AK9NfHTlQIqE3RVR6KY62jCyy9zNDgO64cMwGGP1Fj0zJVf5", // redoc/bundles/redoc.standalone.js
	ElementsCSS: "sha384-NzdOiocfnINlXfuCXi4OpL/xvdbgLiKaLHQ07Z+IwhVaxHqLShn5rVD5OHt/LYgz", // @stoplight/elements/styles.min.css
	ElementsJS:  "sha384-X5kH2B8aH81JEl8IfSBwwnr8FYcCqMzdxpqjmmlRbhIl7SsQ9Zn0xk+csQmU37zN", // @stoplight/elements/web-components.min.js
}
