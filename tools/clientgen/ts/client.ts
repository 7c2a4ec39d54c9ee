// A small program over the generated types: it must compile under
// tsc --strict, so a document change that breaks a typed call (a renamed
// operation, a request field gone, an enum widened) fails CI.
import createClient from "openapi-fetch";
import type { paths as UsersPaths, components as UsersComponents } from "./gen/users";
import type { paths as TodoPaths, components as TodoComponents } from "./gen/todo";

type User = UsersComponents["schemas"]["User"];
type Problem = UsersComponents["schemas"]["Problem"];
type Status = TodoComponents["schemas"]["Status"];

export async function me(baseUrl: string, email: string, password: string): Promise<User | Problem> {
  const users = createClient<UsersPaths>({ baseUrl });
  const login = await users.POST("/auth/login", { body: { email, password } });
  if (login.error) return login.error;
  const token: string = login.data.access_token;
  const got = await users.GET("/users/me", { headers: { Authorization: `Bearer ${token}` } });
  if (got.error) return got.error;
  const page = await users.GET("/users", {
    params: { query: { email_contains: "example.com", min_age: 18, sort: "-created_at", limit: 10 } },
    headers: { Authorization: `Bearer ${token}` },
  });
  if (page.data) {
    const first: User | undefined = page.data.items[0];
    void first;
  }
  // An explicit null clears the bio (the type allows string | null).
  await users.PATCH("/users/{user_id}", {
    params: { path: { user_id: got.data.id } },
    body: { bio: null },
    headers: { Authorization: `Bearer ${token}` },
  });
  return got.data;
}

export async function openTodos(baseUrl: string, listId: number): Promise<Status[]> {
  const todo = createClient<TodoPaths>({ baseUrl });
  const status: Status = "open";
  const { data, error } = await todo.GET("/lists/{list_id}/todos", {
    params: { path: { list_id: listId }, query: { status } },
  });
  if (error) throw new Error(`${error.status} ${error.title}`);
  // status is optional on the wire: the server leaves out a zero status.
  return data.items.flatMap((t) => (t.status ? [t.status] : []));
}
