module github.com/starling-http/starling

go 1.26
