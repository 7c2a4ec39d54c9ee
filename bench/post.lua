-- wrk script for the POST /users workload: a valid create body.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"email":"ada@example.com","password":"correct horse","name":"Ada Lovelace","age":36,"tags":["math","engines"]}'
